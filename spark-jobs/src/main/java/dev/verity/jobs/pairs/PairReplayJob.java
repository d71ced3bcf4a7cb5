package dev.verity.jobs.pairs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputFormat;
import dev.verity.jobs.io.InputReader;
import dev.verity.metrics.PairedAuc;
import dev.verity.store.BadInputException;
import dev.verity.store.Job;
import dev.verity.store.NamedValues;
import dev.verity.store.ReplayComparison;
import dev.verity.store.Slices;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Replays logged matching rounds: each round's pool snapshot is re-scored with the blocked pair
 * scorer, and the pair scores the live matcher served are compared with the replayed ones:
 * mismatching pairs, how well each user's top K agrees (overlap and Kendall's tau-b), and, where
 * outcomes were logged, how well each score predicts a long match (AUC, paired DeLong).
 */
public final class PairReplayJob {
    /** The name the pair scorer's replays are stored under. */
    private static final String MODEL = "pair-scorer";

    private final SparkSession spark;
    private final Progress progress;

    public PairReplayJob(SparkSession spark, Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    public record Config(
            String rounds,
            String embeddings,
            InputFormat format,
            int topK,
            int blockSize,
            double tolerance,
            double longMatchSeconds,
            String store,
            String commandLine) {}

    /** One served pair: a user's peer with the live score and, when logged, whether it became a long match. */
    record LoggedPair(String user, String peer, Double live, Double longMatch) implements Serializable {}

    /** A replayed pair ({@code replay} null when a user has no embedding in the round's snapshot). */
    public record PairOutcome(String round, String user, String peer, Double live, Double replay, Double longMatch)
            implements Serializable {
        boolean mismatch(double tolerance) {
            return live == null || replay == null || Math.abs(replay - live) > tolerance;
        }
    }

    /** How one user's served top K agrees with the replayed top K. */
    public record UserAgreement(String round, String user, double overlap, Double kendallTau) implements Serializable {}

    public record Report(
            String runId,
            int rounds,
            long pairs,
            List<PairOutcome> mismatched,
            double meanOverlap,
            Double meanKendallTau,
            long users,
            PairedAuc.Comparison longMatchAuc) {}

    /** With a store, the run is recorded there with its results, failures included. */
    public Report run(Config config) {
        if (config.store() == null) {
            return replay(config, UUID.randomUUID().toString());
        }
        return StoreRun.record(
                new EvaluationStore(spark, config.store()),
                new StoreRun.Scope(Job.PAIR_REPLAY, null, config.commandLine(), config.rounds()),
                runId -> replay(config, runId));
    }

    private Report replay(Config config, String runId) {
        if (config.topK() < 1) {
            throw new BadInputException("top K: must be at least 1, got " + config.topK());
        }
        new PairScorer(spark, config.blockSize()); // checks the block size
        Map<String, Embeddings> pools = progress.stage(
                Stage.of("read_pools", "reading pool snapshots " + config.embeddings())
                        .with(Stage.INPUT, config.embeddings()),
                () -> new EmbeddingsReader(spark, EmbeddingsReader.USER_ID)
                        .readPools(config.embeddings(), config.format(), "round_id"));
        Dataset<Row> log = new InputReader(spark).read(config.rounds(), config.format());
        InputReader.requireColumns(log, config.rounds(), List.of("round_id", "user_id", "peer_id", "score"));
        List<String> columns = Arrays.asList(log.columns());
        Column longMatch = columns.contains("matched")
                ? when(ColumnParsing.number(log, "matched").isNull(), lit(null))
                        .otherwise(when(
                                        ColumnParsing.number(log, "matched")
                                                .equalTo(1)
                                                .and(
                                                        columns.contains("duration_s")
                                                                ? ColumnParsing.number(log, "duration_s")
                                                                        .geq(config.longMatchSeconds())
                                                                : lit(true)),
                                        lit(1.0))
                                .otherwise(lit(0.0)))
                : lit(null).cast("double");
        JavaPairRDD<String, LoggedPair> served = log.select(
                        col("round_id").cast("string"),
                        col("user_id").cast("string"),
                        col("peer_id").cast("string"),
                        ColumnParsing.number(log, "score"),
                        longMatch)
                .toJavaRDD()
                .mapToPair(r -> new Tuple2<>(
                        r.getString(0),
                        new LoggedPair(
                                r.getString(1),
                                r.getString(2),
                                r.isNullAt(3) || Double.isNaN(r.getDouble(3)) ? null : r.getDouble(3),
                                r.isNullAt(4) ? null : r.getDouble(4))));
        List<Tuple2<String, Embeddings>> poolList = new ArrayList<>();
        pools.forEach((round, pool) -> poolList.add(new Tuple2<>(round, pool)));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int k = config.topK();
        int blockSize = config.blockSize();
        List<Tuple2<List<PairOutcome>, List<UserAgreement>>> perRound = progress.stage(
                Stage.of("rescore_rounds", "re-scoring " + pools.size() + " rounds")
                        .with(Stage.ITEMS, (long) pools.size()),
                () -> jsc.parallelizePairs(
                                poolList, Math.max(1, Math.min(poolList.size(), 4 * jsc.defaultParallelism())))
                        .cogroup(served)
                        .map(round -> replayRound(
                                round._1(), round._2()._1(), round._2()._2(), k, blockSize))
                        .collect());
        List<PairOutcome> pairs = new ArrayList<>();
        List<UserAgreement> users = new ArrayList<>();
        perRound.forEach(r -> {
            pairs.addAll(r._1());
            users.addAll(r._2());
        });
        Report report = summarise(runId, config.tolerance(), pools.size(), pairs, users);
        if (config.store() != null) {
            progress.stage(Stage.storing(config.store()), () -> store(report, config));
        }
        return report;
    }

    /** Re-scores one round and compares it with what was served in it. */
    static Tuple2<List<PairOutcome>, List<UserAgreement>> replayRound(
            String round, Iterable<Embeddings> snapshot, Iterable<LoggedPair> servedPairs, int k, int blockSize) {
        Embeddings pool = snapshot.iterator().hasNext()
                ? snapshot.iterator().next()
                : new Embeddings(new String[0], new double[0], 1);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < pool.size(); i++) {
            index.put(pool.ids()[i], i);
        }
        TopKHeaps heaps = new TopKHeaps(pool.size(), k);
        PairScorer.scoreBlocks(pool, PairScorer.grid(pool.size(), blockSize).iterator(), blockSize, heaps);

        List<PairOutcome> outcomes = new ArrayList<>();
        Map<String, List<PairOutcome>> byUser = new LinkedHashMap<>();
        for (LoggedPair p : servedPairs) {
            Integer u = index.get(p.user());
            Integer q = index.get(p.peer());
            Double replay = u == null || q == null ? null : pool.dot(u, q);
            PairOutcome outcome = new PairOutcome(round, p.user(), p.peer(), p.live(), replay, p.longMatch());
            outcomes.add(outcome);
            byUser.computeIfAbsent(p.user(), x -> new ArrayList<>()).add(outcome);
        }
        List<UserAgreement> agreements = new ArrayList<>();
        byUser.forEach((user, peers) -> {
            Integer u = index.get(user);
            List<PairOutcome> liveTop = peers.stream()
                    .filter(p -> p.live() != null)
                    .sorted(Comparator.comparing(PairOutcome::live).reversed().thenComparing(PairOutcome::peer))
                    .limit(k)
                    .toList();
            if (u == null || liveTop.isEmpty()) {
                return;
            }
            Set<String> replayTop = new HashSet<>();
            for (int peer : heaps.ranked(u).peers()) {
                replayTop.add(pool.ids()[peer]);
            }
            long shared =
                    liveTop.stream().filter(p -> replayTop.contains(p.peer())).count();
            agreements.add(new UserAgreement(round, user, (double) shared / liveTop.size(), kendallTau(liveTop)));
        });
        return new Tuple2<>(outcomes, agreements);
    }

    /** Kendall's tau-b of live and replayed scores over a user's served top K (null below 2 peers or when constant). */
    private static Double kendallTau(List<PairOutcome> top) {
        List<PairOutcome> scored = top.stream().filter(p -> p.replay() != null).toList();
        if (scored.size() < 2) {
            return null;
        }
        double tau = new KendallsCorrelation()
                .correlation(
                        scored.stream().mapToDouble(PairOutcome::live).toArray(),
                        scored.stream().mapToDouble(PairOutcome::replay).toArray());
        return NamedValues.orNull(tau);
    }

    private static Report summarise(
            String runId, double tolerance, int rounds, List<PairOutcome> pairs, List<UserAgreement> users) {
        List<PairOutcome> mismatched = pairs.stream()
                .filter(p -> p.mismatch(tolerance))
                .sorted(Comparator.comparing(PairOutcome::round)
                        .thenComparing(PairOutcome::user)
                        .thenComparing(PairOutcome::peer))
                .toList();
        double overlap =
                users.stream().mapToDouble(UserAgreement::overlap).average().orElse(Double.NaN);
        double[] taus = users.stream()
                .filter(u -> u.kendallTau() != null)
                .mapToDouble(UserAgreement::kendallTau)
                .toArray();
        List<PairOutcome> labelled = pairs.stream()
                .filter(p -> p.longMatch() != null && p.live() != null && p.replay() != null)
                .toList();
        PairedAuc.Comparison auc = labelled.isEmpty()
                ? null
                : PairedAuc.compare(
                        labelled.stream().mapToDouble(PairOutcome::longMatch).toArray(),
                        labelled.stream().mapToDouble(PairOutcome::live).toArray(),
                        labelled.stream().mapToDouble(PairOutcome::replay).toArray(),
                        labelled.size());
        return new Report(
                runId,
                rounds,
                pairs.size(),
                mismatched,
                overlap,
                taus.length == 0 ? null : Arrays.stream(taus).average().orElseThrow(),
                users.size(),
                auc);
    }

    private void store(Report report, Config config) {
        List<ReplayComparison> rows = new ArrayList<>();
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("pairs", (double) report.pairs());
        values.put("mismatches", (double) report.mismatched().size());
        values.put("topk_overlap", Double.isNaN(report.meanOverlap()) ? null : report.meanOverlap());
        values.put("kendall_tau", report.meanKendallTau());
        values.forEach((metric, value) ->
                rows.add(ReplayComparison.agreement(MODEL, metric, value, report.pairs(), "no users to compare")));
        PairedAuc.Comparison auc = report.longMatchAuc();
        if (auc != null) {
            rows.add(ReplayComparison.auc(
                    MODEL, ReplayComparison.LIVE, ReplayComparison.REPLAY, Slices.ALL, "long_match_auc", auc));
        }
        new EvaluationStore(spark, config.store())
                .appendReplay(report.runId(), Timestamp.from(Instant.now()), config.rounds(), rows);
    }
}
