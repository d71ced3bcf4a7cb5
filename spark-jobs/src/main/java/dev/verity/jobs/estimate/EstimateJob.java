package dev.verity.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import dev.verity.drift.loss.Finding;
import dev.verity.drift.loss.FindingKind;
import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Period;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.evaluate.LabelledRows;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.Task;
import dev.verity.metrics.estimate.ConfidenceBasedEstimate;
import dev.verity.store.BadInputException;
import dev.verity.store.FindingRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Estimates a binary model's quality in windows whose labels have not arrived (NannyML's CBPE):
 * each model version's scores are calibrated on its labelled predictions of a reference period with
 * isotonic regression (Spark ML's), then every window and slice gets the confidence-based
 * estimate of {@link ConfidenceBasedEstimate} from its calibrated scores, beside the realized
 * value on whatever of it is labelled so far.
 */
public final class EstimateJob {
    private static final String PROBABILITY = "probability";
    private static final String SLICE = "slice";
    private static final String UNDEFINED =
            "undefined: the calibrated scores expect no positives or no negatives, or nothing scores above the threshold";
    private static final String UNTOLD = "undefined: fewer than " + ConfidenceBasedEstimate.MIN_LABELLED
            + " labelled rows, or the metric undefined on them, cannot tell whether the estimate still holds";
    private static final List<String> GROUP = List.of("model", "model_version", "window_start", "window_end", SLICE);

    public record Config(
            LabelledInputs inputs,
            Period reference,
            WindowSpec window,
            TimeRange range,
            SliceSpec slices,
            double threshold) {}

    /**
     * One metric of one model version's window and slice: estimated from all its rows, realized on
     * its labelled ones, and whether those labels contradict the estimate
     * ({@link ConfidenceBasedEstimate#relationChanged}; null when it cannot be told).
     */
    public record Estimate(
            Version version,
            Timestamp windowStart,
            Timestamp windowEnd,
            String slice,
            long rows,
            long labelled,
            String metric,
            Double estimated,
            Double ciLow,
            Double ciHigh,
            Double realized,
            Boolean relationChanged) {
        public static final List<String> COLUMNS = List.of(
                "model",
                "model_version",
                "window_start",
                "window_end",
                "slice",
                "rows",
                "labelled",
                "metric",
                "estimated",
                "ci_low",
                "ci_high",
                "realized",
                "relation_changed");

        /** The row under {@link #COLUMNS}; an undefined value is null. */
        public List<Object> values() {
            return Arrays.asList(
                    version.model(),
                    version.version(),
                    windowStart,
                    windowEnd,
                    slice,
                    rows,
                    labelled,
                    ConfidenceBasedEstimate.PREFIX + metric,
                    estimated,
                    ciLow,
                    ciHigh,
                    realized,
                    relationChanged);
        }

        /** The finding that the labels so far contradict this estimate (the slice as its column). */
        FindingRecord finding(String input) {
            return new FindingRecord(
                    version.model(),
                    input,
                    new Finding(
                            FindingKind.RELATION_CHANGED,
                            windowStart.toInstant(),
                            slice,
                            realized,
                            estimated,
                            String.format(
                                    java.util.Locale.ROOT,
                                    "%s: %s realized %.4f on %,d labelled rows against %.4f estimated: the score-label "
                                            + "relation changed, the estimate no longer holds",
                                    version.version(),
                                    metric,
                                    realized,
                                    labelled,
                                    estimated)));
        }

        /** The estimate as metric rows of the store: {@code estimated_auc} and its interval's bounds. */
        public List<MetricRecord> metricRows(String runId, Timestamp evaluatedAt) {
            String name = ConfidenceBasedEstimate.PREFIX + metric;
            return List.of(
                    metricRow(name, estimated, UNDEFINED, runId, evaluatedAt),
                    metricRow(name + ConfidenceBasedEstimate.CI_LOW, ciLow, UNDEFINED, runId, evaluatedAt),
                    metricRow(name + ConfidenceBasedEstimate.CI_HIGH, ciHigh, UNDEFINED, runId, evaluatedAt),
                    metricRow(
                            name + ConfidenceBasedEstimate.RELATION_CHANGED,
                            relationChanged == null ? null : relationChanged ? 1.0 : 0.0,
                            UNTOLD,
                            runId,
                            evaluatedAt));
        }

        /** @param undefined the reason a null value gets */
        private MetricRecord metricRow(
                String name, Double value, String undefined, String runId, Timestamp evaluatedAt) {
            return new MetricRecord(
                    version.model(),
                    version.version(),
                    Task.BINARY.id(),
                    windowStart,
                    windowEnd,
                    slice,
                    name,
                    value,
                    rows,
                    value == null ? undefined : null,
                    runId,
                    evaluatedAt);
        }
    }

    /** A model version: each is calibrated on its own reference rows. */
    public record Version(String model, String version) {
        @Override
        public String toString() {
            return model + " " + version;
        }
    }

    /** The estimates, the reference rows each calibration learnt from, and the versions with none. */
    public record Result(List<Estimate> estimates, Map<Version, Long> referenceRows, List<Version> uncalibrated) {}

    private final SparkSession spark;
    private final Progress progress;

    public EstimateJob(SparkSession spark, Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    /** {@link #run}, recorded in the store as {@code scope}'s run, its estimates merged into the store's metrics. */
    public Result runInto(EvaluationStore store, StoreRun.Scope scope, Config config) {
        return StoreRun.record(store, scope, runId -> {
            Result estimated = run(config);
            Timestamp now = Timestamp.from(Instant.now());
            List<MetricRecord> rows = estimated.estimates().stream()
                    .flatMap(e -> e.metricRows(runId, now).stream())
                    .toList();
            if (!rows.isEmpty()) {
                store.mergeMetrics(rows);
            }
            List<FindingRecord> findings = estimated.estimates().stream()
                    .filter(e -> e.metric().equals(BinaryMetrics.AUC) && Boolean.TRUE.equals(e.relationChanged()))
                    .map(e -> e.finding(config.inputs().predictions()))
                    .toList();
            if (!findings.isEmpty()) {
                store.appendFindings(runId, now, findings);
            }
            return estimated;
        });
    }

    public Result run(Config config) {
        Dataset<Row> rows = LabelledRows.predicted(
                        spark,
                        config.inputs(),
                        Task.BINARY,
                        config.slices().requiredColumns(),
                        config.window(),
                        config.range()
                                .spanning(
                                        config.reference().start(),
                                        config.reference().end()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> reference = rows.filter(col("label")
                            .isNotNull()
                            .and(col("ts")
                                    .geq(lit(Timestamp.from(config.reference().start()))))
                            .and(col("ts")
                                    .lt(lit(Timestamp.from(config.reference().end())))))
                    .select(
                            col("model"),
                            col("model_version"),
                            col("score"),
                            col("label").cast("double").as("label"));
            Map<Version, Long> referenceRows = progress.stage(
                    Stage.of("read_reference", "counting the labelled predictions of the reference period"),
                    () -> reference.groupBy("model", "model_version").count().collectAsList().stream()
                            .collect(Collectors.toMap(
                                    r -> new Version(r.getString(0), r.getString(1)), r -> r.getLong(2))));
            if (referenceRows.isEmpty()) {
                throw new BadInputException(
                        "the reference period " + config.reference() + " has no labelled predictions in "
                                + config.inputs().predictions() + " (labels within the label window of their ts)");
            }
            // one row per distinct score of each window and slice of the range: what the estimate needs of them
            Dataset<Row> byScore = rows.filter(config.range().contains(col("ts")))
                    .withColumn(SLICE, explode(config.slices().sliceNames()))
                    .groupBy(columns(GROUP, "score"))
                    .agg(
                            count(lit(1)).as("rows"),
                            count(col("label")).as("labelled"),
                            sum(col("label").cast("long")).as("positives"));
            List<Version> versions = rows.select("model", "model_version").distinct().collectAsList().stream()
                    .map(r -> new Version(r.getString(0), r.getString(1)))
                    .sorted(Comparator.comparing(Version::model).thenComparing(Version::version))
                    .toList();
            List<Version> uncalibrated = new ArrayList<>();
            List<Estimate> estimates = new ArrayList<>();
            for (Version version : versions) {
                if (!referenceRows.containsKey(version)) {
                    uncalibrated.add(version);
                    continue;
                }
                Column ofVersion = col("model")
                        .equalTo(version.model())
                        .and(col("model_version").equalTo(version.version()));
                IsotonicRegressionModel calibration = progress.stage(
                        Stage.of("calibrate", "calibrating the scores on the reference period (isotonic)"),
                        () -> new IsotonicRegression()
                                .setFeaturesCol("score")
                                .setLabelCol("label")
                                .setPredictionCol(PROBABILITY)
                                .fit(reference.filter(ofVersion)));
                List<Row> groups = progress.stage(
                        Stage.of("estimate", "estimating every window and slice from its calibrated scores"),
                        () -> calibration
                                .transform(byScore.filter(ofVersion))
                                .groupBy(columns(GROUP))
                                .agg(collect_list(struct("score", "rows", "labelled", "positives", PROBABILITY))
                                        .as("scores"))
                                .collectAsList());
                groups.forEach(g -> estimates.addAll(estimates(g, config.threshold())));
            }
            estimates.sort(Comparator.comparing((Estimate e) -> e.version().model())
                    .thenComparing(e -> e.version().version())
                    .thenComparing(Estimate::windowStart)
                    .thenComparing(Estimate::slice)
                    .thenComparing(e -> ConfidenceBasedEstimate.METRICS.indexOf(e.metric())));
            return new Result(estimates, referenceRows, uncalibrated);
        } finally {
            rows.unpersist();
        }
    }

    private static Column[] columns(List<String> names, String... more) {
        List<String> all = new ArrayList<>(names);
        all.addAll(List.of(more));
        return all.stream().map(c -> col(c)).toArray(Column[]::new);
    }

    private static List<Estimate> estimates(Row group, double threshold) {
        List<Row> scores = group.getList(group.fieldIndex("scores"));
        int n = scores.size();
        double[] score = new double[n];
        long[] rows = new long[n];
        double[] probability = new double[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Row s = scores.get(i);
            score[i] = s.getDouble(0);
            rows[i] = s.getLong(1);
            probability[i] = s.getDouble(4);
            total += rows[i];
        }
        // the realized values on the labelled rows alone, and the estimate for those same rows
        List<Row> labelled = scores.stream().filter(s -> s.getLong(2) > 0).toList();
        long labelledRows = labelled.stream().mapToLong(s -> s.getLong(2)).sum();
        double[] labelledScores =
                labelled.stream().mapToDouble(s -> s.getDouble(0)).toArray();
        long[] labelledCounts = labelled.stream().mapToLong(s -> s.getLong(2)).toArray();
        Map<String, ConfidenceBasedEstimate.Value> realized = byMetric(ConfidenceBasedEstimate.realized(
                labelledScores,
                labelledCounts,
                labelled.stream().mapToLong(s -> s.getLong(3)).toArray(),
                threshold));
        Map<String, ConfidenceBasedEstimate.Value> onLabelled = byMetric(ConfidenceBasedEstimate.estimate(
                labelledScores,
                labelledCounts,
                labelled.stream().mapToDouble(s -> s.getDouble(4)).toArray(),
                threshold));
        List<Estimate> out = new ArrayList<>();
        for (ConfidenceBasedEstimate.Value v : ConfidenceBasedEstimate.estimate(score, rows, probability, threshold)) {
            out.add(new Estimate(
                    new Version(group.getString(0), group.getString(1)),
                    group.getTimestamp(2),
                    group.getTimestamp(3),
                    group.getString(4),
                    total,
                    labelledRows,
                    v.metric(),
                    NamedValues.orNull(v.value()),
                    NamedValues.orNull(v.ciLow()),
                    NamedValues.orNull(v.ciHigh()),
                    NamedValues.orNull(realized.get(v.metric()).value()),
                    ConfidenceBasedEstimate.relationChanged(
                            onLabelled.get(v.metric()), realized.get(v.metric()), labelledRows)));
        }
        return out;
    }

    private static Map<String, ConfidenceBasedEstimate.Value> byMetric(List<ConfidenceBasedEstimate.Value> values) {
        return values.stream().collect(Collectors.toMap(ConfidenceBasedEstimate.Value::metric, Function.identity()));
    }
}
