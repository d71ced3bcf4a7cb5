package dev.verity.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.DriftResult;
import dev.verity.drift.loss.Finding;
import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.demo.DemoData;
import dev.verity.jobs.demo.ReplayDemoData;
import dev.verity.jobs.demo.SwitchbackDemoData;
import dev.verity.jobs.drift.DriftJob;
import dev.verity.jobs.drift.DriftSettings;
import dev.verity.jobs.evaluate.EvaluateJob;
import dev.verity.jobs.evaluate.InputScope;
import dev.verity.jobs.evaluate.MetricOptions;
import dev.verity.jobs.evaluate.RunAccounting;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.jobs.io.InputReader;
import dev.verity.jobs.io.OutputWriter;
import dev.verity.jobs.monitor.MonitorJob;
import dev.verity.jobs.pairs.PairReplayJob;
import dev.verity.jobs.replay.ModelTrainer;
import dev.verity.jobs.replay.ReplayJob;
import dev.verity.jobs.replay.SavedModel;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.RankingState;
import dev.verity.metrics.Task;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.store.FindingRecord;
import dev.verity.store.Job;
import dev.verity.store.MetricRecord;
import dev.verity.store.Slices;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.anomaly.Anomalies;
import dev.verity.store.canary.CanaryAnalysis;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Generate a week of a social-matching app's logs, evaluate them into a store and summarise the results.")
public final class DemoCommand implements Callable<Integer> {
    private static final long SEVEN_DAYS = 7 * 86400L;

    @Option(
            names = "--out",
            defaultValue = "verity-demo",
            description = "Folder for the demo's inputs and store (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--rows",
            defaultValue = "60000",
            description = "Predictions per version of the match model (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "--queries",
            defaultValue = "6000",
            description = "Ranking requests of 8 candidates each (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed of the generated logs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        Progress progress = Progress.toStderr("demo");
        Path inputs = out.resolve("input");
        String store = out.resolve("store").toString();
        DemoData.Files4 files = progress.stage(
                Stage.of("generate_logs", "generating logs in " + inputs),
                () -> new DemoData(seed).write(inputs, rows, queries));
        SparkSession spark = progress.stage(Stage.of("start_spark", "starting Spark"), VeritySpark::session);
        EvaluateJob job = new EvaluateJob(spark, Progress.toStderr("evaluate"));

        SliceSpec matchSlices =
                new SliceSpec(List.of("country", "platform", "age_band"), List.of(List.of("country", "platform")));
        RunAccounting daily = null;
        for (String window : List.of("1d", WindowSpec.ALL)) {
            progress.info("evaluating match-success per " + (window.equals(WindowSpec.ALL) ? "whole week" : "day"));
            daily = job.run(new EvaluateJob.Config(
                    new LabelledInputs(
                            files.predictions().toString(), files.labels().toString(), null, null, SEVEN_DAYS),
                    store,
                    Task.BINARY,
                    matchSlices,
                    WindowSpec.parse(window),
                    MetricOptions.defaults(5, 10),
                    "verity demo",
                    InputScope.ALL));
            progress.info("evaluating peer-ranker per " + (window.equals(WindowSpec.ALL) ? "whole week" : "day"));
            job.run(new EvaluateJob.Config(
                    new LabelledInputs(
                            files.rankingPredictions().toString(),
                            files.rankingLabels().toString(),
                            null,
                            null,
                            SEVEN_DAYS),
                    store,
                    Task.RANKING,
                    new SliceSpec(List.of("platform"), List.of()),
                    WindowSpec.parse(window),
                    MetricOptions.defaults(5, 10)
                            .withItemFeatures(files.peerFeatures().toString()),
                    "verity demo",
                    InputScope.ALL));
        }
        DriftJob.Report drift = progress.stage(
                        Stage.of(
                                "drift_last_day",
                                "checking the last day's features for drift against the six days before"),
                        () -> driftInto(
                                spark,
                                store,
                                DriftJob.Config.whole(
                                                files.featuresReference().toString(),
                                                files.featuresCurrent().toString(),
                                                null,
                                                List.of(),
                                                List.of(),
                                                "auto",
                                                Map.of())
                                        .withMultivariate()
                                        .forModel(DemoData.MATCH_MODEL)))
                .get(0);
        List<DriftJob.Report> dailyDrift = progress.stage(
                Stage.of("drift_each_day", "checking each day of the week for drift against the first six days"),
                () -> driftInto(
                        spark,
                        store,
                        new DriftJob.Config(
                                files.featuresReference().toString(),
                                files.featuresWeek().toString(),
                                null,
                                List.of(),
                                List.of(),
                                DriftSettings.defaults(),
                                WindowSpec.parse("1d"),
                                0,
                                DemoData.MATCH_MODEL,
                                true,
                                false,
                                null,
                                true)));

        List<FindingRecord> findings = progress.stage(
                Stage.of("monitor", "monitoring the prediction log hour by hour for data loss"),
                () -> new MonitorJob(spark)
                        .run(new MonitorJob.Config(
                                files.predictions().toString(),
                                files.labels().toString(),
                                null,
                                store,
                                WindowSpec.parse("1h"),
                                SEVEN_DAYS,
                                7,
                                dev.verity.jobs.TimeRange.ALL,
                                null,
                                true,
                                null,
                                "verity demo",
                                true)));
        printSummary(new EvaluationStore(spark, store), daily, console);
        printDrift(drift, console);
        printFindings(findings, console);
        DemoDiagnosis diagnosis = new DemoDiagnosis(spark, progress, store, files);
        diagnosis.slices(console);
        diagnosis.fairness(console);
        diagnosis.estimate(console);
        diagnosis.explain(console);
        SwitchbackDemoData.Inputs alternating = progress.stage(
                Stage.of("generate_switchback", "generating a week of the live matcher alternating hourly"),
                () -> new SwitchbackDemoData(seed + 2).write(inputs, Math.max(rows / 100, 40)));
        diagnosis.switchback(console, alternating);
        replay(spark, progress, store, console);
        StoreSnapshot snapshot = new EvaluationStore(spark, store).snapshot();
        StoreEvidence evidence = new StoreEvidence(snapshot);
        printCanary(snapshot, console);
        printAnomalies(evidence.anomalies(), console);
        console.println();
        console.println("Retrain advice");
        evidence.models().forEach(model -> evidence.advise(model).forEach(a -> ResultText.advice(a, console)));
        Path report = out.resolve("report.html");
        progress.stage(Stage.of("write_report", "writing the HTML report"), () -> {
            try {
                HtmlReport.write(ReportData.load(snapshot), report);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        console.printf(
                "%nThe store is at %s. Explore it with:%n  bin/verity metrics --store %s --model match-success --slice all --metric auc%n"
                        + "  bin/verity runs --store %s%n  bin/verity advise --store %s --model match-success%n"
                        + "  bin/verity anomalies --store %s --only-anomalous%n"
                        + "The report (open it in a browser): %s%n"
                        + "Serve the store to Prometheus: bin/verity serve --store %s   (then http://127.0.0.1:9464/metrics)%n",
                store, store, store, store, store, report.toAbsolutePath(), store);
        return 0;
    }

    /**
     * Trains the match model and a challenger on six days, serves the next day with the first
     * (a few web rows with a stale photo count, so their live scores are off), replays the day,
     * and replays a few matching rounds of the pair scorer.
     */
    private void replay(SparkSession spark, Progress progress, String store, PrintWriter console) {
        ReplayDemoData.Inputs files = progress.stage(
                Stage.of("generate_replay_inputs", "generating the replay inputs"),
                () -> new ReplayDemoData(seed + 1)
                        .write(out.resolve("input"), Math.max(rows / 2, 4000), Math.max(rows / 6, 2000)));
        String champion = out.resolve("models/match-lr").toString();
        String challenger = out.resolve("models/match-gbt").toString();
        List<String> features = List.of("session_minutes", "messages_sent", "photos", "platform");
        ModelTrainer trainer = new ModelTrainer(spark);
        progress.stage(
                Stage.of(
                        "train_models",
                        "training the match model (logistic regression with crosses) and a challenger (boosted trees)"),
                () -> {
                    trainer.train(new ModelTrainer.Config(
                            files.training().toString(), null, features, "label", "lr", true, champion));
                    trainer.train(new ModelTrainer.Config(
                            files.training().toString(), null, features, "label", "gbt", false, challenger));
                });
        String served = out.resolve("input/served_traffic.parquet").toString();
        progress.stage(Stage.of("score_next_day", "serving the next day with the match model"), () -> {
            Dataset<Row> traffic = new InputReader(spark).read(files.traffic().toString(), null);
            Dataset<Row> scored =
                    SavedModel.load(champion).score(traffic, files.traffic().toString(), "score");
            // The live feature store lagged for some web users: their photo count was stale, so was their score.
            Column stale = col("platform")
                    .equalTo("web")
                    .and(col("photos").equalTo("3"))
                    .and(col("prediction_id").endsWith("7"));
            OutputWriter.write(
                    scored.withColumn(
                            "score", when(stale, col("score").multiply(0.93)).otherwise(col("score"))),
                    served);
        });
        ReplayJob.Report report = new ReplayJob(spark, Progress.toStderr("replay"))
                .run(new ReplayJob.Config(
                        champion,
                        challenger,
                        served,
                        null,
                        files.trafficLabels().toString(),
                        null,
                        store,
                        1e-9,
                        List.of("platform"),
                        DemoData.MATCH_MODEL,
                        "verity demo"));
        console.println();
        console.println(
                "Replay of the next day's traffic: match-lr re-run against the scores served live, match-gbt as challenger");
        ResultText.replay(report, console);
        PairReplayJob.Report pairs = new PairReplayJob(spark, Progress.toStderr("pair-replay"))
                .run(new PairReplayJob.Config(
                        files.servedPairs().toString(),
                        files.snapshots().toString(),
                        null,
                        10,
                        128,
                        1e-9,
                        600,
                        store,
                        "verity demo"));
        console.println();
        console.println(
                "Pair replay of " + ReplayDemoData.ROUNDS + " matching rounds of " + ReplayDemoData.POOL + " users");
        ResultText.pairReplay(pairs, 10, 600, console);
    }

    /** A drift job's run recorded in the store with its verdicts, as {@code verity drift --store} records it. */
    private static List<DriftJob.Report> driftInto(SparkSession spark, String store, DriftJob.Config config) {
        EvaluationStore evaluationStore = new EvaluationStore(spark, store);
        return StoreRun.record(
                evaluationStore,
                new StoreRun.Scope(Job.DRIFT, DemoData.MATCH_MODEL, "verity demo", config.current()),
                runId -> new DriftJob(spark).runInto(evaluationStore, runId, config));
    }

    static void printSummary(EvaluationStore store, RunAccounting accounting, PrintWriter out) {
        // The demo store is small: its day windows and whole-week windows are split here.
        Map<String, Map<String, MetricRecord>> weekly = new TreeMap<>();
        Map<String, Map<String, MetricRecord>> perDay = new TreeMap<>();
        for (MetricRecord r : store.snapshot().metrics()) {
            boolean day = r.windowMillis() == 86_400_000L;
            String key = r.model() + "|" + r.modelVersion() + "|" + r.slice()
                    + (day ? "|" + r.windowStart().toInstant().toString().substring(0, 10) : "");
            (day ? perDay : weekly).computeIfAbsent(key, k -> new HashMap<>()).put(r.metric(), r);
        }

        out.println();
        out.println("Model quality over the whole week (AUC with its 95% DeLong interval)");
        TableOutput overall = new TableOutput(
                List.of("model", "version", "AUC", "95% interval", "PR-AUC", "log loss", "F1@0.5", "rows"));
        for (String version : List.of("v1", "v2")) {
            Map<String, MetricRecord> m = weekly.getOrDefault(DemoData.MATCH_MODEL + "|" + version + "|all", Map.of());
            overall.add(
                    DemoData.MATCH_MODEL,
                    version,
                    value(m, "auc"),
                    interval(m),
                    value(m, "pr_auc"),
                    value(m, "log_loss"),
                    value(m, "f1"),
                    count(m));
        }
        overall.print(OutputFormat.TABLE, out);

        for (String version : List.of("v1", "v2")) {
            out.println();
            out.println("match-success " + version + ": best and worst slices by AUC (slices of at least 500 rows)");
            List<Map.Entry<String, Map<String, MetricRecord>>> slices = new ArrayList<>();
            String prefix = "match-success|" + version + "|";
            weekly.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix) && !e.getKey().endsWith("|all"))
                    .filter(e -> e.getValue().containsKey("auc")
                            && value(e.getValue(), "auc") != null
                            && count(e.getValue()) >= 500)
                    .sorted(Comparator.comparing(e -> -value(e.getValue(), "auc")))
                    .forEach(slices::add);
            TableOutput table = new TableOutput(List.of("", "slice", "AUC", "95% interval", "rows"));
            int shown = Math.min(3, slices.size() / 2);
            for (int i = 0; i < shown; i++) {
                Map.Entry<String, Map<String, MetricRecord>> e = slices.get(i);
                table.add(
                        "best",
                        e.getKey().substring(prefix.length()),
                        value(e.getValue(), "auc"),
                        interval(e.getValue()),
                        count(e.getValue()));
            }
            for (int i = slices.size() - shown; i < slices.size(); i++) {
                Map.Entry<String, Map<String, MetricRecord>> e = slices.get(i);
                table.add(
                        "worst",
                        e.getKey().substring(prefix.length()),
                        value(e.getValue(), "auc"),
                        interval(e.getValue()),
                        count(e.getValue()));
            }
            table.print(OutputFormat.TABLE, out);
        }

        out.println();
        out.println("Daily AUC of match-success, all traffic");
        TableOutput days = new TableOutput(List.of("day", "v1 AUC", "v1 interval", "v2 AUC", "v2 interval", "v2 rows"));
        perDay.keySet().stream()
                .filter(k -> k.startsWith("match-success|v1|all|"))
                .sorted()
                .forEach(k -> {
                    String day = k.substring(k.lastIndexOf('|') + 1);
                    Map<String, MetricRecord> v1 = perDay.get(k);
                    Map<String, MetricRecord> v2 = perDay.getOrDefault("match-success|v2|all|" + day, Map.of());
                    days.add(day, value(v1, "auc"), interval(v1), value(v2, "auc"), interval(v2), count(v2));
                });
        days.print(OutputFormat.TABLE, out);

        out.println();
        out.println(
                "peer-ranker v3 over the whole week (NDCG: mean over requests with a relevant peer; the rest: of the "
                        + "top 5 peers shown)");
        TableOutput ranking = new TableOutput(List.of(
                "slice",
                "NDCG@5",
                "NDCG@10",
                "coverage",
                "novelty",
                "popularity",
                "personalization",
                "diversity",
                "requests"));
        weekly.entrySet().stream()
                .filter(e -> e.getKey().startsWith("peer-ranker|v3|"))
                .forEach(e -> ranking.add(
                        e.getKey().substring("peer-ranker|v3|".length()),
                        value(e.getValue(), "ndcg@5"),
                        value(e.getValue(), "ndcg@10"),
                        value(e.getValue(), "coverage@5"),
                        value(e.getValue(), "novelty@5"),
                        value(e.getValue(), "popularity@5"),
                        value(e.getValue(), "personalization@5"),
                        value(e.getValue(), "diversity@5"),
                        requests(e.getValue())));
        ranking.print(OutputFormat.TABLE, out);

        out.println();
        out.println("Where the match-success rows of the last run went");
        out.println(ResultText.evaluation(accounting));
    }

    static void printCanary(StoreSnapshot store, PrintWriter out) {
        out.println();
        out.println(
                "Canary " + DemoData.CANARY_VERSION + " (5% of the traffic) against its baseline, per platform, AUC");
        TableOutput table = new TableOutput(
                List.of("slice", "baseline", "canary", "delta", "95% interval", "verdict", "min detectable", "rows"));
        for (CanaryAnalysis.Result r : CanaryAnalysis.live(store)) {
            UnpairedComparison c = r.comparison();
            if (r.model().equals(DemoData.MATCH_MODEL)
                    && r.metric().equals(BinaryMetrics.AUC)
                    && c != null
                    && (r.slice().equals(Slices.ALL) || r.slice().startsWith("platform="))) {
                table.add(
                        r.slice(),
                        r.baselineValue(),
                        r.candidateValue(),
                        c.delta(),
                        String.format(java.util.Locale.ROOT, "[%+.4f, %+.4f]", c.ciLow(), c.ciHigh()),
                        r.verdict().label(),
                        c.minDetectable(),
                        r.nCandidate());
            }
        }
        table.print(OutputFormat.TABLE, out);
    }

    static void printDrift(DriftJob.Report report, PrintWriter out) {
        out.println();
        out.println("Feature drift, last day vs the six days before (method chosen automatically)");
        TableOutput table = new TableOutput(List.of("feature", "kind", "method", "statistic", "threshold", "drifted"));
        for (DriftResult r : report.results()) {
            table.add(
                    r.feature(),
                    r.kind().id(),
                    r.method(),
                    r.statistic(),
                    r.threshold(),
                    r.drifted() == null ? "-" : r.drifted() ? "DRIFT" : "no");
        }
        table.print(OutputFormat.TABLE, out);
        out.println("dataset drift: " + (report.datasetDrift() ? "YES" : "no")
                + " (drift when at least half the features drifted)");
        if (report.multivariate() != null) {
            out.println("all features at once: " + report.multivariate().describe());
        }
    }

    /** Anomalous windows printed, the most significant first; the rest are counted. */
    private static final int ANOMALIES_SHOWN = 8;

    /** The windows outside their band, as {@code verity anomalies --only-anomalous} lists them. */
    static void printAnomalies(List<Anomalies.Judgement> judged, PrintWriter out) {
        List<Anomalies.Judgement> anomalous = judged.stream()
                .filter(Anomalies.Judgement::anomalous)
                .sorted(java.util.Comparator.comparingDouble(Anomalies.Judgement::pValue))
                .toList();
        out.println();
        out.printf(
                java.util.Locale.ROOT,
                "Anomalies: %d of %d judged day windows outside the band of the days before them (false discovery "
                        + "rate %s)%n",
                anomalous.size(),
                judged.stream().filter(Anomalies.Judgement::hasVerdict).count(),
                Anomalies.DEFAULT_FDR);
        TableOutput table =
                new TableOutput(List.of("model version", "day", "slice", "metric", "value", "expected", "band", "q"));
        anomalous.forEach(j -> table.add(
                j.window().model() + " " + j.window().modelVersion(),
                j.window().windowStart().toInstant().toString().substring(0, 10),
                j.window().slice(),
                j.window().metric(),
                significant(j.window().value()),
                significant(j.expected()),
                "[" + significant(j.low()) + ", " + significant(j.high()) + "]",
                String.format(java.util.Locale.ROOT, "%.1e", j.qValue())));
        table.printTop(
                OutputFormat.TABLE,
                out,
                ANOMALIES_SHOWN,
                "bin/verity anomalies --store verity-demo/store --only-anomalous");
    }

    /** Four significant digits: a row count and an AUC side by side. */
    private static String significant(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    static void printFindings(List<FindingRecord> findings, PrintWriter out) {
        out.println();
        out.println("Data-loss and quality findings, hourly windows of the prediction log");
        Map<String, List<Finding>> byKind = new TreeMap<>();
        findings.forEach(f -> byKind.computeIfAbsent(
                        (f.model() == null ? "" : f.model()) + "\t"
                                + f.finding().kind().id(),
                        k -> new ArrayList<>())
                .add(f.finding()));
        TableOutput table = new TableOutput(
                List.of("model", "kind", "windows", "first window", "observed", "expected", "why it matters"));
        byKind.forEach((key, list) -> {
            Finding first = list.get(0);
            table.add(
                    key.substring(0, key.indexOf('\t')),
                    first.kind().id(),
                    (long) list.size(),
                    first.windowStart() == null ? "-" : first.windowStart().toString(),
                    first.observed(),
                    Double.isNaN(first.expected()) ? null : first.expected(),
                    first.detail());
        });
        table.print(OutputFormat.TABLE, out);
    }

    private static Double value(Map<String, MetricRecord> metrics, String name) {
        return MetricRecord.valueOf(metrics.get(name));
    }

    private static String interval(Map<String, MetricRecord> metrics) {
        Double low = value(metrics, "auc_ci_low");
        Double high = value(metrics, "auc_ci_high");
        return low == null || high == null ? "-" : String.format(java.util.Locale.ROOT, "[%.4f, %.4f]", low, high);
    }

    /** A ranker's requests: those NDCG counted and those it left out (no relevant item). */
    private static long requests(Map<String, MetricRecord> metrics) {
        return metrics.get("ndcg@10").n()
                + value(metrics, RankingState.EXCLUDED_QUERIES).longValue();
    }

    private static long count(Map<String, MetricRecord> metrics) {
        return metrics.values().stream().findFirst().map(MetricRecord::n).orElse(0L);
    }
}
