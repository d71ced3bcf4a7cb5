package dev.verity.store.prometheus;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import dev.verity.drift.loss.FindingKind;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.store.EvaluationStore;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunStatus;
import dev.verity.store.StoreRun;
import dev.verity.store.StoreTables;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.canary.CanaryAnalysis;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * What {@code serve} exports, read from the store in one go: the latest value of every metric
 * (and its baseline, its median over the windows of the weeks before, which alerts compare
 * with; the objectives' thresholds on it), the latest drift
 * verdicts, the latest monitor run's findings, the latest replay comparisons, the live canaries'
 * comparisons with their baselines, the runs' accounting, and the retrain advice. Slices beyond {@code sliceCap} per model (by rows) are
 * left out, and how many were left out is kept.
 */
public record StoreState(
        List<MetricPoint> metrics,
        Map<String, Long> slicesDropped,
        int sliceCap,
        List<DriftPoint> drift,
        Map<String, Map<String, Long>> findings,
        List<ReplayComparison> replay,
        List<CanaryAnalysis.Result> canary,
        List<JobRuns> jobs,
        List<RetrainAdvice.Advice> advice,
        List<Objective.Threshold> thresholds,
        Map<String, Long> jobPeriodSeconds) {

    /** @param baseline the median of the series over the baseline period before its latest window; null if none */
    public record MetricPoint(
            String model,
            String version,
            String slice,
            String metric,
            double value,
            Double baseline,
            long n,
            Timestamp windowEnd) {}

    /** @param model "" for drift of data that named no model */
    public record DriftPoint(
            String model,
            String feature,
            String method,
            Double statistic,
            Double pValue,
            double threshold,
            Boolean drifted,
            boolean datasetDrift) {}

    /** A job's runs: counts by status, rows by outcome over all runs, and its latest times. */
    public record JobRuns(
            String job,
            Map<String, Long> runsByStatus,
            Map<String, Long> rowsByOutcome,
            Timestamp lastRun,
            Timestamp lastSuccess,
            Double lastDurationSeconds) {}

    /** Nothing loaded yet: the exporter's own gauges are all it shows. */
    public static StoreState empty(ExportSettings settings) {
        return new StoreState(
                List.of(),
                Map.of(),
                settings.sliceCap(),
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                settings.jobPeriodSeconds());
    }

    public static StoreState load(EvaluationStore store, ExportSettings settings) {
        int sliceCap = settings.sliceCap();
        Map<String, Long> dropped = new LinkedHashMap<>();
        List<MetricPoint> metrics = capSlices(metrics(store, settings.baselineDays()), sliceCap, dropped);
        Set<String> kept = new HashSet<>();
        metrics.forEach(p -> kept.add(p.model() + "|" + p.slice()));
        List<ReplayComparison> replay = store.latestReplay().stream()
                .filter(p -> p.slice().equals("all") || kept.contains(p.model() + "|" + p.slice()))
                .toList();
        StoreEvidence evidence = new StoreEvidence(store);
        List<CanaryAnalysis.Result> canary = evidence.liveCanaries().stream()
                .filter(c -> c.comparison() != null && kept.contains(c.model() + "|" + c.slice()))
                .toList();
        List<RetrainAdvice.Advice> advice =
                evidence.models().stream().map(evidence::advise).toList();
        List<Objective.Threshold> thresholds = thresholds(metrics, settings.objectives());
        return new StoreState(
                metrics,
                dropped,
                sliceCap,
                drift(evidence),
                findings(evidence),
                replay,
                canary,
                jobs(store),
                advice,
                thresholds,
                settings.jobPeriodSeconds());
    }

    /** Each objective's thresholds on the exported series; of two on one series, side and severity, the stricter. */
    public static List<Objective.Threshold> thresholds(List<MetricPoint> metrics, List<Objective> objectives) {
        Map<List<Object>, Objective.Threshold> strictest = new LinkedHashMap<>();
        for (MetricPoint series : metrics) {
            for (Objective objective : objectives) {
                for (Objective.Threshold t : objective.thresholds(series)) {
                    strictest.merge(List.of(series, t.bound(), t.severity()), t, (a, b) -> {
                        boolean aStricter =
                                a.bound() == Objective.Bound.MIN ? a.value() >= b.value() : a.value() <= b.value();
                        return aStricter ? a : b;
                    });
                }
            }
        }
        return List.copyOf(strictest.values());
    }

    private static final List<String> SERIES = List.of("model", "model_version", "slice", "metric");

    /** Each series' latest value, and its baseline: the median of its windows ending in the {@code baselineDays} before. */
    private static List<MetricPoint> metrics(EvaluationStore store, int baselineDays) {
        Column[] series = SERIES.stream().map(functions::col).toArray(Column[]::new);
        // a reliability curve is drawn by the report, not a series to alert on
        Dataset<Row> values = store.metrics()
                .filter(col("value")
                        .isNotNull()
                        .and(functions.not(col("metric").startsWith(BinaryMetrics.RELIABILITY))))
                .withColumn("latest_end", max(col("window_end")).over(Window.partitionBy(series)));
        Dataset<Row> latest = values.groupBy(series)
                .agg(
                        max_by(col("value"), struct(col("window_end"), col("window_start")))
                                .as("value"),
                        max_by(col("n"), struct(col("window_end"), col("window_start")))
                                .as("n"),
                        max(col("window_end")).as("window_end"));
        long seconds = baselineDays * 86_400L;
        Dataset<Row> baselines = values.filter(col("window_end")
                        .lt(col("latest_end"))
                        .and(col("window_end")
                                .cast("long")
                                .geq(col("latest_end").cast("long").minus(seconds))))
                .groupBy(series)
                .agg(functions.percentile(col("value"), lit(0.5)).as("baseline"));
        Dataset<Row> rows = latest.join(
                        baselines,
                        scala.jdk.javaapi.CollectionConverters.asScala(SERIES).toSeq(),
                        "left")
                .select("model", "model_version", "slice", "metric", "value", "baseline", "n", "window_end");
        List<MetricPoint> points = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            points.add(new MetricPoint(
                    r.getString(0),
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    r.getDouble(4),
                    r.isNullAt(5) ? null : r.getDouble(5),
                    r.getLong(6),
                    r.getTimestamp(7)));
        }
        return points;
    }

    /** Keeps {@code all} and the largest slices of each model, up to {@code cap} slices per model. */
    static List<MetricPoint> capSlices(List<MetricPoint> points, int cap, Map<String, Long> dropped) {
        Map<String, Map<String, Long>> rowsBySlice = new LinkedHashMap<>();
        points.forEach(p -> rowsBySlice
                .computeIfAbsent(p.model(), m -> new LinkedHashMap<>())
                .merge(p.slice(), p.n(), Math::max));
        Set<String> kept = new HashSet<>();
        rowsBySlice.forEach((model, slices) -> {
            List<String> ordered = slices.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, Long>, Boolean>comparing(
                                    e -> !e.getKey().equals("all"))
                            .thenComparing(
                                    Map.Entry.<String, Long>comparingByValue().reversed())
                            .thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey)
                    .toList();
            ordered.stream().limit(cap).forEach(s -> kept.add(model + "|" + s));
            dropped.put(model, (long) Math.max(0, ordered.size() - cap));
        });
        return points.stream()
                .filter(p -> kept.contains(p.model() + "|" + p.slice()))
                .toList();
    }

    private static List<DriftPoint> drift(StoreEvidence evidence) {
        List<DriftPoint> points = new ArrayList<>();
        evidence.latestDriftByModel().forEach((model, rows) -> {
            for (Row r : rows) {
                points.add(new DriftPoint(
                        model == null ? "" : model,
                        r.getAs("feature"),
                        r.getAs("method"),
                        r.getAs("statistic"),
                        r.getAs("p_value"),
                        r.<Double>getAs("threshold"),
                        r.getAs("drifted"),
                        r.<Boolean>getAs("dataset_drift")));
            }
        });
        return points;
    }

    /**
     * The findings of each model's latest monitor run by kind ("" for a log that named no model),
     * every kind 0 when absent so alerts see a series: a clean run (recorded in the runs table,
     * with no finding rows) shows all zeros.
     */
    private static Map<String, Map<String, Long>> findings(StoreEvidence evidence) {
        Map<String, Map<String, Long>> byModel = new LinkedHashMap<>();
        evidence.latestFindings().forEach((model, rows) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (FindingKind kind : FindingKind.values()) {
                counts.put(kind.id(), 0L);
            }
            rows.forEach(r -> counts.merge(r.getAs("kind"), 1L, Long::sum));
            byModel.put(model == null ? "" : model, counts);
        });
        return byModel;
    }

    private static List<JobRuns> jobs(EvaluationStore store) {
        List<JobRuns> jobs = new ArrayList<>();
        Dataset<Row> runs = store.runs()
                .withColumn(StoreTables.JOB, coalesce(col(StoreTables.JOB), lit(StoreRun.Job.EVALUATE.id())));
        Map<String, Map<String, Long>> byStatus = new LinkedHashMap<>();
        runs.groupBy(StoreTables.JOB, "status")
                .agg(count(lit(1)))
                .collectAsList()
                .forEach(r -> byStatus.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>())
                        .put(r.getString(1), r.getLong(2)));
        for (Row totals : runs.groupBy(StoreTables.JOB)
                .agg(
                        sum("predictions_read"),
                        sum("labels_read"),
                        sum("predictions_quarantined"),
                        sum("labels_quarantined"),
                        sum("evaluated"),
                        max("finished_at"),
                        max(org.apache.spark.sql.functions.when(
                                col("status").equalTo(RunStatus.SUCCEEDED.id()), col("finished_at"))),
                        max_by(col("duration_ms"), col("finished_at")))
                .collectAsList()) {
            String job = totals.getString(0);
            Map<String, Long> rows = new LinkedHashMap<>();
            if (job.equals(StoreRun.Job.EVALUATE.id())) {
                rows.put("read", orZero(totals, 1) + orZero(totals, 2));
                rows.put("quarantined", orZero(totals, 3) + orZero(totals, 4));
                rows.put("evaluated", orZero(totals, 5));
            }
            jobs.add(new JobRuns(
                    job,
                    byStatus.get(job),
                    rows,
                    totals.getTimestamp(6),
                    totals.isNullAt(7) ? null : totals.getTimestamp(7),
                    totals.isNullAt(8) ? null : totals.getLong(8) / 1000.0));
        }
        // Results from before their jobs recorded runs: the latest result is the latest success.
        for (Map.Entry<String, Dataset<Row>> e : Map.of(
                        StoreRun.Job.DRIFT.id(), store.drift(),
                        StoreRun.Job.REPLAY.id(), store.replay(),
                        StoreRun.Job.MONITOR.id(), store.findings())
                .entrySet()) {
            if (byStatus.containsKey(e.getKey())) {
                continue;
            }
            Row last = e.getValue()
                    .agg(max("computed_at"), org.apache.spark.sql.functions.countDistinct("run_id"))
                    .first();
            if (!last.isNullAt(0)) {
                jobs.add(new JobRuns(
                        e.getKey(),
                        Map.of(RunStatus.SUCCEEDED.id(), last.getLong(1)),
                        Map.of(),
                        last.getTimestamp(0),
                        last.getTimestamp(0),
                        null));
            }
        }
        jobs.sort(Comparator.comparing(JobRuns::job));
        return jobs;
    }

    private static long orZero(Row r, int i) {
        return r.isNullAt(i) ? 0 : r.getLong(i);
    }
}
