package dev.verity.store;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of the evaluation store's Delta tables. The store's root folder is itself the
 * metrics table (so any Delta reader can open it directly); the companion tables live under
 * {@code _verity/}, a hidden folder that Delta's own files never touch.
 */
public final class StoreTables {
    private StoreTables() {}

    /** The runs table's column naming the job that wrote a run ({@link StoreRun.Job}). */
    public static final String JOB = "job";

    /**
     * The model column. Drift, findings and runs gained it after the first stores were written:
     * their older rows read it as null, and so do rows of data that named no model.
     */
    public static final String MODEL = "model";

    /** The folder of the companion tables. */
    public static final String COMPANIONS = "_verity";

    /** The runs table's column: the version of the metrics table a run committed. */
    public static final String METRICS_VERSION = "metrics_version";

    public static final String RUNS = COMPANIONS + "/runs";
    public static final String QUARANTINE = COMPANIONS + "/quarantine";
    public static final String DRIFT = COMPANIONS + "/drift";
    public static final String SCHEMAS = COMPANIONS + "/schemas";
    public static final String FINDINGS = COMPANIONS + "/findings";
    public static final String REPLAY = COMPANIONS + "/replay";
    public static final String SLICES = COMPANIONS + "/slices";
    public static final String EXPLANATIONS = COMPANIONS + "/explanations";
    /** What evaluate --incremental read: each input file with its size, time and span ({@link InputFileRecord}). */
    public static final String INPUTS = COMPANIONS + "/inputs";

    /** Every table of a store ({@code ""}: the metrics table at the root). */
    public static final List<String> ALL =
            List.of("", RUNS, QUARANTINE, DRIFT, SCHEMAS, FINDINGS, REPLAY, SLICES, EXPLANATIONS, INPUTS);

    /** One data-loss or quality finding of a monitor run. */
    public static final StructType FINDING = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("computed_at", DataTypes.TimestampType, false)
            .add("input", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("window_start", DataTypes.TimestampType, true)
            .add("column", DataTypes.StringType, true)
            .add("observed", DataTypes.DoubleType, false)
            .add("expected", DataTypes.DoubleType, true)
            .add("detail", DataTypes.StringType, false)
            .add(MODEL, DataTypes.StringType, true);

    /**
     * One number of a replay run for one slice: a candidate's metric next to its baseline's
     * (replayed vs live scores, or a challenger vs the champion), the paired difference with its
     * 95% DeLong interval for AUC, or (baseline {@code live}, metric {@code mismatches}, ...) the
     * row-level agreement of replayed and live scores.
     */
    public static final StructType REPLAY_RESULT = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("computed_at", DataTypes.TimestampType, false)
            .add("traffic", DataTypes.StringType, false)
            .add("model", DataTypes.StringType, false)
            .add("baseline", DataTypes.StringType, false)
            .add("candidate", DataTypes.StringType, false)
            .add("slice", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("baseline_value", DataTypes.DoubleType, true)
            .add("candidate_value", DataTypes.DoubleType, true)
            .add("delta", DataTypes.DoubleType, true)
            .add("delta_ci_low", DataTypes.DoubleType, true)
            .add("delta_ci_high", DataTypes.DoubleType, true)
            .add("p_value", DataTypes.DoubleType, true)
            .add("verdict", DataTypes.StringType, true)
            .add("n", DataTypes.LongType, false)
            .add("reason", DataTypes.StringType, true);

    /** One file of an input as the latest incremental evaluate run over it read it ({@link InputFileRecord}). */
    public static final StructType INPUT_FILE = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("recorded_at", DataTypes.TimestampType, false)
            .add("input", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("file", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, false)
            .add("modified", DataTypes.TimestampType, false)
            .add("rows", DataTypes.LongType, false)
            .add("min_time", DataTypes.TimestampType, true)
            .add("max_time", DataTypes.TimestampType, true);

    /** One slice a slices run found ({@link SliceRecord}). */
    public static final StructType SLICE_RESULT = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("computed_at", DataTypes.TimestampType, false)
            .add(MODEL, DataTypes.StringType, false)
            .add("model_version", DataTypes.StringType, false)
            .add("window_start", DataTypes.TimestampType, false)
            .add("window_end", DataTypes.TimestampType, false)
            .add("slice", DataTypes.StringType, false)
            .add("rows", DataTypes.LongType, false)
            .add("metric", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("rest_value", DataTypes.DoubleType, false)
            .add("delta", DataTypes.DoubleType, false)
            .add("ci_low", DataTypes.DoubleType, false)
            .add("ci_high", DataTypes.DoubleType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("auc", DataTypes.DoubleType, true)
            .add("auc_all", DataTypes.DoubleType, true);

    /** One feature's part in a loss change an explain run found ({@link ExplanationRecord}). */
    public static final StructType EXPLANATION = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("computed_at", DataTypes.TimestampType, false)
            .add(MODEL, DataTypes.StringType, false)
            .add("reference_start", DataTypes.TimestampType, false)
            .add("reference_end", DataTypes.TimestampType, false)
            .add("window_start", DataTypes.TimestampType, false)
            .add("window_end", DataTypes.TimestampType, false)
            .add("slice", DataTypes.StringType, false)
            .add("feature", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("reference_value", DataTypes.DoubleType, false)
            .add("window_value", DataTypes.DoubleType, false)
            .add("reproduced", DataTypes.DoubleType, false)
            .add("share", DataTypes.DoubleType, true)
            .add("psi", DataTypes.DoubleType, false)
            .add("correlation", DataTypes.DoubleType, true)
            .add("windows", DataTypes.IntegerType, false);

    /** The columns and types of an input as a monitor run saw them. */
    public static final StructType SCHEMA_COLUMN = new StructType()
            .add("recorded_at", DataTypes.TimestampType, false)
            .add("source", DataTypes.StringType, false)
            .add("input", DataTypes.StringType, false)
            .add("column", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false);

    /**
     * The metrics table's partition column. A year of daily windows of 50 models is about 10^5
     * rows per model: partitions by model hold a few MB each and every reader (metrics --model,
     * advise, the report, a merge of one model's run) reads one; by window (365 partitions of
     * tiny files) or by model and day (18,250) would cost more in file listing than it saves.
     */
    public static final String METRICS_PARTITION = "model";

    /** The columns that identify a metric row; a rerun replaces the row with the same key. */
    public static final List<String> METRIC_KEY =
            List.of("model", "model_version", "window_start", "window_end", "slice", "metric");

    public static final StructType METRICS = new StructType()
            .add("model", DataTypes.StringType, false)
            .add("model_version", DataTypes.StringType, false)
            .add("task", DataTypes.StringType, false)
            .add("window_start", DataTypes.TimestampType, false)
            .add("window_end", DataTypes.TimestampType, false)
            .add("slice", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, true)
            .add("n", DataTypes.LongType, false)
            .add("reason", DataTypes.StringType, true)
            .add("run_id", DataTypes.StringType, false)
            .add("evaluated_at", DataTypes.TimestampType, false);

    /** One row per rejected input row, with where it came from and why. */
    public static final StructType QUARANTINED = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("input", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("file", DataTypes.StringType, true)
            .add("column", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false)
            .add("prediction_id", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true)
            // When the row says it was (ts, or label_ts for a label); null when that cannot be read.
            .add("ts", DataTypes.TimestampType, true);

    /** One drift verdict per feature, window (null: the whole current data) and run, with the test and threshold used. */
    public static final StructType DRIFT_RESULT = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("computed_at", DataTypes.TimestampType, false)
            .add("reference", DataTypes.StringType, true)
            .add("current", DataTypes.StringType, false)
            .add("window_start", DataTypes.TimestampType, true)
            .add("feature", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("method", DataTypes.StringType, false)
            .add("statistic", DataTypes.DoubleType, true)
            .add("p_value", DataTypes.DoubleType, true)
            .add("threshold", DataTypes.DoubleType, false)
            .add("drifted", DataTypes.BooleanType, true)
            .add("reason", DataTypes.StringType, true)
            .add("reference_missing", DataTypes.LongType, false)
            .add("current_missing", DataTypes.LongType, false)
            .add("dataset_drift", DataTypes.BooleanType, false)
            .add(MODEL, DataTypes.StringType, true);

    /** The accounting of one run: every input row ends in exactly one of the counted outcomes. */
    public static final StructType RUN = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("command", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("task", DataTypes.StringType, true)
            .add("predictions", DataTypes.StringType, true)
            .add("labels", DataTypes.StringType, true)
            .add("settings", DataTypes.StringType, true)
            .add("predictions_read", DataTypes.LongType, true)
            .add("predictions_quarantined", DataTypes.LongType, true)
            .add("duplicate_predictions", DataTypes.LongType, true)
            .add("unlabeled", DataTypes.LongType, true)
            .add("evaluated", DataTypes.LongType, true)
            .add("labels_read", DataTypes.LongType, true)
            .add("labels_quarantined", DataTypes.LongType, true)
            .add("late_labels", DataTypes.LongType, true)
            .add("invalid_labels", DataTypes.LongType, true)
            .add("orphan_labels", DataTypes.LongType, true)
            // an evaluate run over a time range: labels whose prediction is outside it (by name, so
            // a runs table from before it gains it at its end)
            .add("labels_outside_range", DataTypes.LongType, true)
            .add("superseded_labels", DataTypes.LongType, true)
            .add("labels_used", DataTypes.LongType, true)
            .add("quarantined_by_reason", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
            .add("metric_rows", DataTypes.LongType, true)
            .add("duration_ms", DataTypes.LongType, false)
            // Added after the first stores were written: null in their older rows, which are evaluate's.
            .add(JOB, DataTypes.StringType, true)
            // The model a drift or monitor run covered; null for evaluate's (all models of its input).
            .add(MODEL, DataTypes.StringType, true)
            // What tells an evaluate run's final windows: WindowFinality.
            .add(WindowFinality.NEWEST_LABEL_TS, DataTypes.TimestampType, true)
            .add(WindowFinality.LABEL_WINDOW_SECONDS, DataTypes.LongType, true)
            // The version of the metrics table an evaluate run committed: --as-of that version shows it.
            .add(METRICS_VERSION, DataTypes.LongType, true);
}
