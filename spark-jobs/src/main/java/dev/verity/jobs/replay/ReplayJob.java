package dev.verity.jobs.replay;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.CategoricalDistribution;
import dev.verity.drift.ChiSquare;
import dev.verity.drift.DriftTest;
import dev.verity.drift.FeatureKind;
import dev.verity.drift.KolmogorovSmirnov;
import dev.verity.drift.NumericComparison;
import dev.verity.drift.NumericDistribution;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputFormat;
import dev.verity.jobs.io.InputReader;
import dev.verity.store.BadInputException;
import dev.verity.store.Job;
import dev.verity.store.ReplayComparison;
import dev.verity.store.Slices;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.SparkRows;
import dev.verity.store.delta.StoreRun;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Re-runs a saved model on logged traffic and compares with the score that was served: every row
 * beyond the tolerance, the distribution of differences, the features most associated with the
 * mismatches and, with labels, live and replayed metrics side by side per slice. With a
 * challenger, both models score the same traffic and are compared the same way.
 */
public final class ReplayJob {
    static final String LIVE = "__verity_live";
    static final String REPLAY = "__verity_replay";
    static final String CHALLENGER = "__verity_challenger";
    static final String DIFF = "__verity_diff";
    static final String MISMATCH = "__verity_mismatch";
    /** Upper bounds of the |difference| buckets reported, after the tolerance itself. */
    static final double[] BUCKETS = {1e-6, 1e-3, 1e-2, 1e-1};
    /** Rows per side sampled to rank the features by their association with mismatches. */
    static final int ASSOCIATION_SAMPLE = 50_000;

    private final SparkSession spark;
    private final Progress progress;

    public ReplayJob(SparkSession spark, Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    public record Config(
            String model,
            String challenger,
            String traffic,
            InputFormat trafficFormat,
            String labels,
            InputFormat labelsFormat,
            String store,
            double tolerance,
            List<String> sliceBy,
            String name,
            String commandLine) {
        /** The name results are stored under: {@code name}, else the model folder's name. */
        String storedName(SavedModel champion) {
            return name != null ? name : modelName(champion);
        }
    }

    public record Mismatch(String predictionId, Double live, double replay, Double difference) {}

    /** A feature's association with mismatches: the mismatched rows' values against the others'. */
    public record Association(
            String feature, String kind, String method, Double statistic, Double pValue, String reason) {}

    public record Report(
            String runId,
            long rows,
            long mismatches,
            long liveMissing,
            Double maxAbsDifference,
            Double meanAbsDifference,
            Map<String, Long> differenceBuckets,
            Map<String, Double> differenceQuantiles,
            List<Mismatch> mismatched,
            List<Association> associations,
            long labelled,
            long labelsInvalid,
            List<ReplayComparison> comparisons) {}

    /** With a store, the run is recorded there with its results, failures included. */
    public Report run(Config config) {
        if (config.store() == null) {
            return replay(config, UUID.randomUUID().toString());
        }
        return StoreRun.record(
                new EvaluationStore(spark, config.store()),
                new StoreRun.Scope(Job.REPLAY, config.name(), config.commandLine(), config.traffic()),
                runId -> replay(config, runId));
    }

    private static Stage loading(String model) {
        return Stage.of("load_model", "loading " + model).with(Stage.MODEL, model);
    }

    private Report replay(Config config, String runId) {
        if (!(config.tolerance() >= 0)) {
            throw new BadInputException("replay tolerance: must be a number >= 0, got " + config.tolerance());
        }
        SavedModel champion = progress.stage(loading(config.model()), () -> SavedModel.load(config.model()));
        SavedModel challenger = config.challenger() == null
                ? null
                : progress.stage(loading(config.challenger()), () -> SavedModel.load(config.challenger()));
        Dataset<Row> raw = new InputReader(spark).read(config.traffic(), config.trafficFormat());
        List<String> required = new ArrayList<>(List.of("prediction_id", "score"));
        required.addAll(config.sliceBy());
        InputReader.requireColumns(raw, config.traffic(), required);

        Dataset<Row> scored =
                champion.score(raw.withColumn(LIVE, ColumnParsing.number(raw, "score")), config.traffic(), REPLAY);
        if (challenger != null) {
            scored = challenger.score(scored, config.traffic(), CHALLENGER);
        }
        Column liveMissing = col(LIVE).isNull().or(col(LIVE).isNaN());
        scored = scored.withColumn(
                        DIFF, when(liveMissing.unary_$bang(), col(REPLAY).minus(col(LIVE))))
                .withColumn(MISMATCH, liveMissing.or(abs(col(DIFF)).gt(config.tolerance())))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> replayed = scored;
            Row summary = progress.stage(
                    Stage.of("replay", "replaying " + config.traffic()).with(Stage.INPUT, config.traffic()),
                    () -> summary(replayed, config.tolerance()));
            long rows = summary.getLong(0);
            long mismatches = summary.getLong(1);
            Progress.rows("replayed", rows);
            Progress.rows("mismatched", mismatches);
            progress.info(String.format(
                    java.util.Locale.ROOT,
                    "%,d rows replayed, %,d beyond the tolerance %.1g",
                    rows,
                    mismatches,
                    config.tolerance()));
            List<Mismatch> mismatched = mismatches == 0 ? List.of() : mismatched(scored);
            List<Association> associations = mismatches == 0 || mismatches == rows
                    ? List.of()
                    : progress.stage(
                            Stage.of("rank_features", "ranking features by their association with mismatches"),
                            () -> associations(replayed, champion.card(), rows, mismatches));
            long[] labelCounts = {0, 0};
            List<ReplayComparison> comparisons = config.labels() == null
                    ? List.of()
                    : progress.stage(
                            Stage.of("compare_metrics", "comparing metrics per slice"),
                            () -> comparisons(replayed, config, champion, challenger, labelCounts));
            Report report = new Report(
                    runId,
                    rows,
                    mismatches,
                    summary.getLong(2),
                    summary.isNullAt(3) ? null : summary.getDouble(3),
                    summary.isNullAt(4) ? null : summary.getDouble(4),
                    buckets(summary, config.tolerance()),
                    quantiles(summary),
                    mismatched,
                    associations,
                    labelCounts[0],
                    labelCounts[1],
                    comparisons);
            if (config.store() != null) {
                progress.stage(Stage.storing(config.store()), () -> store(report, config, champion));
            }
            return report;
        } finally {
            scored.unpersist();
        }
    }

    private static Row summary(Dataset<Row> scored, double tolerance) {
        Column absolute = abs(col(DIFF));
        List<Column> aggregates = new ArrayList<>(List.of(
                sum(when(col(MISMATCH), 1L).otherwise(0L)),
                count(when(col(LIVE).isNull().or(col(LIVE).isNaN()), 1)),
                max(absolute),
                avg(absolute),
                percentile(col(DIFF), lit(new double[] {0.0, 0.01, 0.5, 0.99, 1.0}))));
        double lower = tolerance;
        for (double upper : BUCKETS) {
            if (upper > lower) {
                aggregates.add(count(when(absolute.gt(lower).and(absolute.leq(upper)), 1)));
                lower = upper;
            }
        }
        aggregates.add(count(when(absolute.gt(lower), 1)));
        aggregates.add(count(when(absolute.leq(tolerance), 1)));
        return scored.agg(count(lit(1)), aggregates.toArray(Column[]::new)).first();
    }

    private static Map<String, Long> buckets(Row summary, double tolerance) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        buckets.put(
                String.format(java.util.Locale.ROOT, "<= %.0e (within tolerance)", tolerance),
                summary.getLong(summary.length() - 1));
        double lower = tolerance;
        int index = 6;
        for (double upper : BUCKETS) {
            if (upper > lower) {
                buckets.put(
                        String.format(java.util.Locale.ROOT, "(%.0e, %.0e]", lower, upper), summary.getLong(index++));
                lower = upper;
            }
        }
        buckets.put(String.format(java.util.Locale.ROOT, "> %.0e", lower), summary.getLong(index));
        return buckets;
    }

    private static Map<String, Double> quantiles(Row summary) {
        Map<String, Double> quantiles = new LinkedHashMap<>();
        if (!summary.isNullAt(5)) {
            List<Double> values = summary.getList(5);
            String[] names = {"min", "p1", "median", "p99", "max"};
            for (int i = 0; i < names.length; i++) {
                quantiles.put(names[i], values.get(i));
            }
        }
        return quantiles;
    }

    /** The mismatched rows, largest difference first (a missing live score first of all). */
    private static List<Mismatch> mismatched(Dataset<Row> scored) {
        List<Mismatch> out = new ArrayList<>();
        List<Row> rows = scored.filter(col(MISMATCH))
                .select(col("prediction_id").cast("string"), col(LIVE), col(REPLAY), col(DIFF))
                .orderBy(abs(col(DIFF)).desc_nulls_first(), col("prediction_id"))
                .collectAsList();
        for (Row r : rows) {
            out.add(new Mismatch(
                    r.getString(0),
                    r.isNullAt(1) || Double.isNaN(r.getDouble(1)) ? null : r.getDouble(1),
                    r.getDouble(2),
                    r.isNullAt(3) ? null : r.getDouble(3)));
        }
        return out;
    }

    private List<Association> associations(Dataset<Row> scored, ModelCard card, long rows, long mismatches) {
        List<Column> features = new ArrayList<>();
        for (ModelCard.Feature f : card.features()) {
            features.add(
                    f.kind() == FeatureKind.NUMERIC
                            ? ColumnParsing.number(scored, f.name()).as(f.name())
                            : col(f.name()).cast("string").as(f.name()));
        }
        Column[] selected = features.toArray(Column[]::new);
        long matched = rows - mismatches;
        List<Row> bad = scored.filter(col(MISMATCH))
                .select(selected)
                .limit(ASSOCIATION_SAMPLE)
                .collectAsList();
        List<Row> good = scored.filter(col(MISMATCH).unary_$bang())
                .sample(false, Math.min(1.0, 1.2 * ASSOCIATION_SAMPLE / matched), 7)
                .select(selected)
                .limit(ASSOCIATION_SAMPLE)
                .collectAsList();
        List<Association> out = new ArrayList<>();
        for (int i = 0; i < card.features().size(); i++) {
            ModelCard.Feature f = card.features().get(i);
            DriftTest.Outcome outcome;
            String method;
            if (f.kind() == FeatureKind.NUMERIC) {
                method = "ks";
                outcome = new KolmogorovSmirnov().numeric(NumericComparison.of(numbers(good, i), numbers(bad, i)));
            } else {
                method = "chi2";
                outcome = new ChiSquare().categorical(categories(good, i), categories(bad, i));
            }
            out.add(new Association(
                    f.name(), f.kind().id(), method, outcome.statistic(), outcome.pValue(), outcome.reason()));
        }
        out.sort(Comparator.comparing((Association a) -> a.pValue() == null ? 2.0 : a.pValue())
                .thenComparing(a -> a.statistic() == null ? 0.0 : -a.statistic()));
        return out;
    }

    private static NumericDistribution numbers(List<Row> rows, int column) {
        return NumericDistribution.of(rows.stream()
                .filter(r -> !r.isNullAt(column))
                .mapToDouble(r -> r.getDouble(column))
                .toArray());
    }

    private static CategoricalDistribution categories(List<Row> rows, int column) {
        return CategoricalDistribution.of(rows.stream()
                .map(r -> r.isNullAt(column) ? "null" : r.getString(column))
                .toArray(String[]::new));
    }

    private List<ReplayComparison> comparisons(
            Dataset<Row> scored, Config config, SavedModel champion, SavedModel challenger, long[] labelCounts) {
        String model = config.storedName(champion);
        Dataset<Row> labels = new InputReader(spark).read(config.labels(), config.labelsFormat());
        InputReader.requireColumns(labels, config.labels(), List.of("prediction_id", "label"));
        Column label = ColumnParsing.number(labels, "label");
        Dataset<Row> parsed = labels.select(
                col("prediction_id").cast("string").as("prediction_id"),
                label.as("label"),
                Arrays.asList(labels.columns()).contains("label_ts")
                        ? ColumnParsing.timestamp(labels, "label_ts").as("label_ts")
                        : lit(null).cast("timestamp").as("label_ts"));
        Column valid = col("label")
                .isNotNull()
                .and(col("label").equalTo(0).or(col("label").equalTo(1)));
        labelCounts[1] = parsed.filter(valid.unary_$bang()).count();
        // The latest label of a prediction wins (a correction replaces the first label).
        Dataset<Row> latest = parsed.filter(valid)
                .groupBy("prediction_id")
                .agg(
                        max_by(col("label"), col("label_ts")).as("label"),
                        max(col("label")).as("any_label"))
                .select(
                        col("prediction_id"),
                        when(col("label").isNull(), col("any_label"))
                                .otherwise(col("label"))
                                .as("__verity_label"));

        List<Column> scores = new ArrayList<>(List.of(col(LIVE), col(REPLAY)));
        List<String[]> names = new ArrayList<>();
        names.add(new String[] {"live", "replay"});
        if (challenger != null) {
            scores.add(col(CHALLENGER));
            names.add(new String[] {modelName(champion), modelName(challenger)});
        }
        int[][] pairs = challenger == null ? new int[][] {{1, 2}} : new int[][] {{1, 2}, {2, 3}};
        Dataset<Row> joined = scored.filter(
                        col(LIVE).isNotNull().and(col(LIVE).isNaN().unary_$bang()))
                .withColumn("prediction_id", col("prediction_id").cast("string"))
                .join(latest, "prediction_id");
        List<Column> columns = new ArrayList<>();
        columns.add(
                explode(new SliceSpec(config.sliceBy(), List.of()).sliceNames()).as("slice"));
        columns.add(col("__verity_label").cast("double"));
        columns.addAll(scores);
        Dataset<Row> exploded = joined.select(columns.toArray(Column[]::new));
        labelCounts[0] = joined.count();
        ScoreComparison comparison = new ScoreComparison(pairs);
        List<Row> results = exploded.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups(
                        (FlatMapGroupsFunction<String, Row, Row>) comparison::compare,
                        Encoders.row(ScoreComparison.SCHEMA))
                .collectAsList();
        List<ReplayComparison> out = new ArrayList<>();
        for (Row r : results) {
            String[] pair = names.get(r.getInt(0));
            out.add(ReplayComparison.of(SparkRows.named(r), model, pair[0], pair[1]));
        }
        out.sort(Comparator.comparing(ReplayComparison::baseline)
                .thenComparing(c -> !c.slice().equals(Slices.ALL))
                .thenComparing(ReplayComparison::slice)
                .thenComparing(ReplayComparison::metric));
        return out;
    }

    static String modelName(SavedModel model) {
        Path name = Path.of(model.path()).getFileName();
        return name == null ? model.path() : name.toString();
    }

    private void store(Report report, Config config, SavedModel champion) {
        String model = config.storedName(champion);
        List<ReplayComparison> rows = new ArrayList<>();
        Map<String, Double> agreement = new LinkedHashMap<>();
        agreement.put("rows", (double) report.rows());
        agreement.put("mismatches", (double) report.mismatches());
        agreement.put("live_score_missing", (double) report.liveMissing());
        agreement.put("max_abs_difference", report.maxAbsDifference());
        agreement.put("mean_abs_difference", report.meanAbsDifference());
        agreement.forEach((metric, value) ->
                rows.add(ReplayComparison.agreement(model, metric, value, report.rows(), "no rows")));
        rows.addAll(report.comparisons());
        new EvaluationStore(spark, config.store())
                .appendReplay(report.runId(), Timestamp.from(Instant.now()), config.traffic(), rows);
    }
}
