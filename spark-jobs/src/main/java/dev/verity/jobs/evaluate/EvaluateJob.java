package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.metrics.MetricValue;
import dev.verity.metrics.RankingState;
import dev.verity.metrics.Task;
import dev.verity.store.Columns;
import dev.verity.store.Errors;
import dev.verity.store.Job;
import dev.verity.store.MetricRecord;
import dev.verity.store.RunRecord;
import dev.verity.store.RunStatus;
import dev.verity.store.delta.EvaluationStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Joins logged predictions with delayed labels and writes every metric of every model, window
 * and slice into the evaluation store, with the run's full accounting and its quarantined rows.
 */
public final class EvaluateJob {

    public record Config(
            LabelledInputs inputs,
            String store,
            Task task,
            SliceSpec slices,
            WindowSpec window,
            MetricOptions metrics,
            String commandLine,
            InputScope scope) {
        public TimeRange range() {
            return scope.range();
        }

        Config withScope(InputScope other) {
            return new Config(inputs, store, task, slices, window, metrics, commandLine, other);
        }
    }

    private final SparkSession spark;
    private final Progress progress;

    public EvaluateJob(SparkSession spark, Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    public RunAccounting run(Config config) {
        return run(config, UUID.randomUUID().toString());
    }

    /** @param runId the {@code run_id} of the run's rows, for a caller that reads them afterwards */
    public RunAccounting run(Config config, String runId) {
        RunRecord run = runRecord(config, runId);
        EvaluationStore store = new EvaluationStore(spark, config.store());
        try {
            LabelledRows.Inputs inputs = read(config);
            store.startRun(run);
            RunAccounting accounting = evaluate(config, runId, store, inputs);
            Progress.rows("read", accounting.predictionsRead() + accounting.labelsRead());
            Progress.rows("quarantined", accounting.predictionsQuarantined() + accounting.labelsQuarantined());
            Progress.rows("evaluated", accounting.evaluated());
            store.finishRun(run.end(RunStatus.SUCCEEDED, null, runColumns(accounting, config)));
            return accounting;
        } catch (RuntimeException e) {
            recordFailure(store, run, e);
            throw e;
        }
    }

    /**
     * Evaluates only the windows that files new, changed or deleted since the last run over the
     * same logs can have changed ({@link IncrementalPlan}), reading only the files that can hold
     * their rows; then records the logs' files for the next run. The first such run is a full one.
     */
    public RunAccounting runIncremental(Config config, String runId) {
        EvaluationStore store = new EvaluationStore(spark, config.store());
        IncrementalPlan plan = progress.stage(
                Stage.of("plan_incremental", "finding the files new, changed or deleted since the last run"),
                () -> IncrementalPlan.of(spark, store, config));
        RunAccounting accounting;
        if (plan.nothingToEvaluate()) {
            progress.info(plan.changed() + " file(s) new, changed or deleted; no window to evaluate again");
            RunRecord run = runRecord(config, runId);
            store.startRun(run);
            accounting = RunAccounting.none();
            store.finishRun(run.end(RunStatus.SUCCEEDED, null, runColumns(accounting, config)));
        } else {
            InputScope scope = plan.scope();
            progress.info(plan.changed() + " file(s) new, changed or deleted; evaluating "
                    + (scope.range().isAll()
                            ? "everything"
                            : "the windows from " + scope.range().from() + " until "
                                    + scope.range().until()
                                    + " (" + scope.predictionFiles().size() + " prediction and "
                                    + scope.labelFiles().size() + " label files)"));
            accounting = run(config.withScope(scope), runId);
        }
        store.replaceInputFiles(
                runId, List.of(config.inputs().predictions(), config.inputs().labels()), plan.files());
        return accounting;
    }

    private LabelledRows.Inputs read(Config config) {
        return LabelledRows.read(
                spark, config.inputs(), config.task(), config.slices().requiredColumns(), config.scope());
    }

    private RunAccounting evaluate(Config config, String runId, EvaluationStore store, LabelledRows.Inputs inputs) {
        Task task = config.task();
        VeritySpark.fitShufflePartitions(
                spark, List.of(config.inputs().predictions(), config.inputs().labels()));
        Dataset<Row> outcomes = LabelledRows.outcomes(
                        inputs, task, config.slices().requiredColumns(), config.inputs(), config.range())
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Totals totals = progress.stage(Stage.of("join_labels", "joining labels within the label window"), () -> {
                Row row = outcomes.agg(
                                sum(PredictionOutcomes.COPIES).as("valid_predictions"),
                                count(when(col(PredictionOutcomes.PREDICTED), 1))
                                        .as("distinct"),
                                count("label").as("evaluated"),
                                sum(when(
                                                col(PredictionOutcomes.COUNTING).gt(0),
                                                col(PredictionOutcomes.COUNTING).minus(1)))
                                        .as("superseded"),
                                sum(PredictionOutcomes.LABELS).as("valid_labels"),
                                sum(PredictionOutcomes.COUNTING).as("counting"),
                                sum(PredictionOutcomes.INVALID).as("invalid"),
                                sum(PredictionOutcomes.ORPHANS).as("orphans"),
                                min("ts").as("first"),
                                max("ts").as("last"),
                                max(PredictionOutcomes.NEWEST_LABEL).as("newest_label"))
                        .first();
                Totals read = Totals.of(row);
                Progress.note("verity.rows.distinct", read.distinct());
                Progress.note("verity.rows.labelled", read.evaluated());
                return read;
            });
            Map<String, Long> quarantined =
                    progress.stage(Stage.of("validate_rows", "validating and quarantining bad rows"), () -> {
                        Map<String, Long> counts = quarantine(store, runId, config, outcomes);
                        Progress.note(
                                "verity.rows.quarantined",
                                counts.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum());
                        return counts;
                    });
            long validPredictions = totals.validPredictions();
            long distinct = totals.distinct();
            long evaluated = totals.evaluated();
            long superseded = totals.superseded();
            long labelsValid = totals.validLabels();
            long invalid = totals.invalid();
            // labels whose id has no prediction: orphans, or, over a range, maybe another range's
            long unmatched = totals.orphans();
            long late = labelsValid - totals.counting() - invalid - unmatched;

            Dataset<Row> labelled = LabelledRows.withWindows(
                    outcomes.filter(col("label").isNotNull()), config.window(), totals.first(), totals.last());
            List<MetricAggregation.GroupMetrics> groups = progress.stage(
                    Stage.of("compute_metrics", "computing metrics for every model, window and slice"), () -> {
                        List<MetricAggregation.GroupMetrics> computed =
                                MetricAggregation.compute(labelled, evaluated, task, config.slices(), config.metrics());
                        Progress.note("verity.groups", computed.size());
                        return computed;
                    });
            Timestamp now = Timestamp.from(Instant.now());
            List<MetricRecord> metricRows = metricRows(groups, task, runId, now);
            metricRows.addAll(progress.stage(
                    Stage.of("labelled_share", "counting the labelled share of every window and slice"),
                    () -> LabelledShare.metricRows(
                            LabelledRows.withWindows(
                                    outcomes.filter(col(PredictionOutcomes.PREDICTED)),
                                    config.window(),
                                    totals.first(),
                                    totals.last()),
                            config.slices(),
                            task,
                            runId,
                            now)));
            boolean writes = !metricRows.isEmpty() || config.scope().replacesWindows();
            if (writes) {
                progress.stage(
                        Stage.of("write_metrics", "writing " + metricRows.size() + " metric rows to the store")
                                .with(Stage.STORE, config.store())
                                .with(Stage.ITEMS, (long) metricRows.size()),
                        () -> store.committedAs(runId, () -> {
                            if (!metricRows.isEmpty()) {
                                store.mergeMetrics(metricRows);
                            }
                            if (config.scope().replacesWindows()) {
                                store.removeUnwritten(
                                        runId,
                                        config.inputs().predictions(),
                                        config.inputs().labels(),
                                        config.range().from(),
                                        config.range().until());
                            }
                        }));
            }
            long predictionsQuarantined = quarantined.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("predictions:"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            long labelsQuarantined = quarantined.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("labels:"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            return new RunAccounting(
                    validPredictions + predictionsQuarantined,
                    predictionsQuarantined,
                    validPredictions - distinct,
                    distinct - evaluated,
                    evaluated,
                    labelsValid + labelsQuarantined,
                    labelsQuarantined,
                    late,
                    invalid,
                    config.range().isAll() ? unmatched : 0,
                    config.range().isAll() ? 0 : unmatched,
                    superseded,
                    evaluated,
                    quarantined,
                    metricRows.size(),
                    totals.newestLabel(),
                    writes ? metricsVersion(store, runId) : null);
        } finally {
            outcomes.unpersist();
        }
    }

    /**
     * The run row's columns: the accounting, and what tells which of its windows are final (the
     * newest label it saw and its label window).
     */
    private static Map<String, Object> runColumns(RunAccounting accounting, Config config) {
        Map<String, Object> columns = new HashMap<>(accounting.columns());
        columns.put(Columns.NEWEST_LABEL_TS, accounting.newestLabel());
        columns.put(Columns.LABEL_WINDOW_SECONDS, config.inputs().labelWindowSeconds());
        columns.put(Columns.METRICS_VERSION, accounting.metricsVersion());
        return columns;
    }

    /** The version of the metrics table the run committed; null when it committed none. */
    private static Long metricsVersion(EvaluationStore store, String runId) {
        java.util.OptionalLong version = store.metricsVersionOf(runId);
        return version.isPresent() ? version.getAsLong() : null;
    }

    /** The counts of one pass over the outcomes, and the span of their times. */
    private record Totals(
            long validPredictions,
            long distinct,
            long evaluated,
            long superseded,
            long validLabels,
            long counting,
            long invalid,
            long orphans,
            Timestamp first,
            Timestamp last,
            Timestamp newestLabel) {
        static Totals of(Row row) {
            return new Totals(
                    longOf(row, "valid_predictions"),
                    longOf(row, "distinct"),
                    longOf(row, "evaluated"),
                    longOf(row, "superseded"),
                    longOf(row, "valid_labels"),
                    longOf(row, "counting"),
                    longOf(row, "invalid"),
                    longOf(row, "orphans"),
                    row.getAs("first"),
                    row.getAs("last"),
                    row.getAs("newest_label"));
        }

        /** A count or sum; a sum over no rows is null, which is 0 here. */
        private static long longOf(Row row, String name) {
            Long value = row.getAs(name);
            return value == null ? 0 : value;
        }
    }

    /** Writes the quarantined rows of both inputs and returns their counts keyed "source:reason". */
    private Map<String, Long> quarantine(EvaluationStore store, String runId, Config config, Dataset<Row> outcomes) {
        Dataset<Row> rows = outcomes.filter(col(PredictionOutcomes.QUARANTINED).isNotNull())
                .select(lit(runId).as("run_id"), col(PredictionOutcomes.QUARANTINED + ".*"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            store.replaceQuarantine(
                    rows, List.of(config.inputs().predictions(), config.inputs().labels()), quarantineScope(config));
            Map<String, Long> counts = new HashMap<>();
            for (Row row : rows.groupBy("source", "reason").count().collectAsList()) {
                counts.put(row.getString(0) + ":" + row.getString(1), row.getLong(2));
            }
            return counts;
        } finally {
            rows.unpersist();
        }
    }

    /**
     * The quarantined rows a run over a range replaces: its own (by the time each row states)
     * and those whose time cannot be read, which every run over the inputs quarantines; null for
     * a run over everything.
     */
    private static String quarantineScope(Config config) {
        InputScope scope = config.scope();
        if (scope.range().isAll()
                && scope.predictionFiles().isEmpty()
                && scope.labelFiles().isEmpty()) {
            return null;
        }
        return untimed(LogSource.PREDICTIONS, scope.predictionFiles(), scope.goneFiles())
                + " OR " + untimed(LogSource.LABELS, scope.labelFiles(), scope.goneFiles())
                + " OR (source = '" + LogSource.PREDICTIONS.id() + "' AND "
                + scope.range().sql("ts")
                + ") OR (source = '" + LogSource.LABELS.id() + "' AND "
                + scope.range().extendedBy(config.inputs().labelWindowSeconds()).sql("ts") + ")";
    }

    /**
     * The quarantined rows of {@code source} that no time places and the run quarantines again:
     * all of them when it read the whole log, else those of the files it read or found gone.
     */
    private static String untimed(LogSource source, List<String> read, List<String> gone) {
        String rows = "(source = '" + source.id() + "' AND ts IS NULL";
        if (read.isEmpty()) {
            return rows + ")";
        }
        return rows + " AND ("
                + java.util.stream.Stream.concat(read.stream(), gone.stream())
                        .map(f -> "endswith(file, "
                                + EvaluationStore.sqlString(new Path(f).toUri().getPath()) + ")")
                        .collect(java.util.stream.Collectors.joining(" OR "))
                + "))";
    }

    private static List<MetricRecord> metricRows(
            List<MetricAggregation.GroupMetrics> groups, Task task, String runId, Timestamp now) {
        List<MetricRecord> rows = new ArrayList<>();
        for (MetricAggregation.GroupMetrics g : groups) {
            for (MetricValue v : g.metrics().values()) {
                rows.add(new MetricRecord(
                        g.model(),
                        g.modelVersion(),
                        task.id(),
                        g.windowStart(),
                        g.windowEnd(),
                        g.slice(),
                        v.name(),
                        v.value(),
                        g.metrics().n(),
                        v.reason(),
                        runId,
                        now));
            }
        }
        return rows;
    }

    private static RunRecord runRecord(Config config, String runId) {
        String settings = "window=" + config.window().name() + " label_window="
                + config.inputs().labelWindowSeconds() + "s"
                + " " + RunRecord.THRESHOLD_SETTING + "=" + config.metrics().threshold() + " calibration_bins="
                + config.metrics().calibrationBins() + " slices="
                + config.slices().columns() + " crosses=" + config.slices().crosses()
                + (config.range().from() == null
                        ? ""
                        : " from=" + config.range().from())
                + (config.range().until() == null
                        ? ""
                        : " until=" + config.range().until())
                + (config.task() == Task.RANKING
                        ? " k=" + java.util.Arrays.toString(config.metrics().ks())
                                + (config.metrics().relevantAt() == RankingState.DEFAULT_RELEVANT_AT
                                        ? ""
                                        : " relevant_at=" + config.metrics().relevantAt())
                        : "");
        return RunRecord.running(
                runId,
                Job.EVALUATE,
                null,
                config.commandLine(),
                Instant.now(),
                config.task().id(),
                config.inputs().predictions(),
                config.inputs().labels(),
                settings);
    }

    /** Records the failure, unless it came before the run touched a store that does not exist yet. */
    private void recordFailure(EvaluationStore store, RunRecord run, RuntimeException e) {
        try {
            if (store.exists()) {
                store.finishRun(run.end(RunStatus.FAILED, Errors.oneLine(e), Map.of()));
            }
        } catch (RuntimeException secondary) {
            e.addSuppressed(secondary);
        }
    }
}
