package dev.verity.store.delta;

import dev.verity.store.Columns;
import dev.verity.store.DriftRecord;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.FindingRecord;
import dev.verity.store.InputFileRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.ProfileRecord;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.SliceRecord;
import dev.verity.store.StoreTables;
import dev.verity.store.SwitchbackRecord;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schemas of the evaluation store's Delta tables ({@link StoreTables}), in the column
 * names of the records they hold.
 */
public final class TableSchemas {
    private TableSchemas() {}

    /** One data-loss or quality finding of a monitor run. */
    public static final StructType FINDING = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(Columns.INPUT, DataTypes.StringType, false)
            .add(Columns.KIND, DataTypes.StringType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, true)
            .add(Columns.COLUMN, DataTypes.StringType, true)
            .add(FindingRecord.OBSERVED, DataTypes.DoubleType, false)
            .add(FindingRecord.EXPECTED, DataTypes.DoubleType, true)
            .add(FindingRecord.DETAIL, DataTypes.StringType, false)
            .add(Columns.MODEL, DataTypes.StringType, true);

    /** What one column of one model's input held in one window: exact counts and the profile's sketches. */
    public static final StructType PROFILE = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(Columns.MODEL, DataTypes.StringType, true)
            .add(Columns.INPUT, DataTypes.StringType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, false)
            .add(Columns.WINDOW_END, DataTypes.TimestampType, false)
            .add(Columns.COLUMN, DataTypes.StringType, false)
            .add(Columns.KIND, DataTypes.StringType, false)
            .add(Columns.ROWS, DataTypes.LongType, false)
            .add(ProfileRecord.NULLS, DataTypes.LongType, false)
            .add(ProfileRecord.PROFILE, DataTypes.BinaryType, false);

    /**
     * One number of a replay run for one slice: a candidate's metric next to its baseline's
     * (replayed vs live scores, or a challenger vs the champion), the paired difference with its
     * 95% DeLong interval for AUC, or (baseline {@code live}, metric {@code mismatches}, ...) the
     * row-level agreement of replayed and live scores.
     */
    public static final StructType REPLAY_RESULT = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(ReplayComparison.TRAFFIC, DataTypes.StringType, false)
            .add(Columns.MODEL, DataTypes.StringType, false)
            .add(ReplayComparison.BASELINE, DataTypes.StringType, false)
            .add(ReplayComparison.CANDIDATE, DataTypes.StringType, false)
            .add(Columns.SLICE, DataTypes.StringType, false)
            .add(Columns.METRIC, DataTypes.StringType, false)
            .add(ReplayComparison.BASELINE_VALUE, DataTypes.DoubleType, true)
            .add(ReplayComparison.CANDIDATE_VALUE, DataTypes.DoubleType, true)
            .add(Columns.DELTA, DataTypes.DoubleType, true)
            .add(ReplayComparison.DELTA_CI_LOW, DataTypes.DoubleType, true)
            .add(ReplayComparison.DELTA_CI_HIGH, DataTypes.DoubleType, true)
            .add(Columns.P_VALUE, DataTypes.DoubleType, true)
            .add(ReplayComparison.VERDICT, DataTypes.StringType, true)
            .add(Columns.N, DataTypes.LongType, false)
            .add(Columns.REASON, DataTypes.StringType, true);

    /** One file of an input as the latest incremental evaluate run over it read it ({@link InputFileRecord}). */
    public static final StructType INPUT_FILE = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(InputFileRecord.RECORDED_AT, DataTypes.TimestampType, false)
            .add(Columns.INPUT, DataTypes.StringType, false)
            .add(Columns.SOURCE, DataTypes.StringType, false)
            .add(Columns.FILE, DataTypes.StringType, false)
            .add(InputFileRecord.SIZE, DataTypes.LongType, false)
            .add(InputFileRecord.MODIFIED, DataTypes.TimestampType, false)
            .add(Columns.ROWS, DataTypes.LongType, false)
            .add(InputFileRecord.MIN_TIME, DataTypes.TimestampType, true)
            .add(InputFileRecord.MAX_TIME, DataTypes.TimestampType, true);

    /** One slice a slices run found ({@link SliceRecord}). */
    public static final StructType SLICE_RESULT = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(Columns.MODEL, DataTypes.StringType, false)
            .add(Columns.MODEL_VERSION, DataTypes.StringType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, false)
            .add(Columns.WINDOW_END, DataTypes.TimestampType, false)
            .add(Columns.SLICE, DataTypes.StringType, false)
            .add(Columns.ROWS, DataTypes.LongType, false)
            .add(Columns.METRIC, DataTypes.StringType, false)
            .add(Columns.VALUE, DataTypes.DoubleType, false)
            .add(SliceRecord.REST_VALUE, DataTypes.DoubleType, false)
            .add(Columns.DELTA, DataTypes.DoubleType, false)
            .add(Columns.CI_LOW, DataTypes.DoubleType, false)
            .add(Columns.CI_HIGH, DataTypes.DoubleType, false)
            .add(SliceRecord.SCORE, DataTypes.DoubleType, false)
            .add(SliceRecord.AUC, DataTypes.DoubleType, true)
            .add(SliceRecord.AUC_ALL, DataTypes.DoubleType, true);

    /** One fairness measure of a group in a window ({@link FairnessRecord}). */
    public static final StructType FAIRNESS_RESULT = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(Columns.MODEL, DataTypes.StringType, true)
            .add(Columns.MODEL_VERSION, DataTypes.StringType, true)
            .add(FairnessRecord.ATTRIBUTE, DataTypes.StringType, false)
            .add(FairnessRecord.GROUP, DataTypes.StringType, false)
            .add(FairnessRecord.REFERENCE_GROUP, DataTypes.StringType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, false)
            .add(Columns.WINDOW_END, DataTypes.TimestampType, false)
            .add(FairnessRecord.MEASURE, DataTypes.StringType, false)
            .add(Columns.VALUE, DataTypes.DoubleType, true)
            .add(Columns.CI_LOW, DataTypes.DoubleType, true)
            .add(Columns.CI_HIGH, DataTypes.DoubleType, true)
            .add(FairnessRecord.SIGNIFICANT, DataTypes.BooleanType, true)
            .add(Columns.ROWS, DataTypes.LongType, false);

    /** The verdict of one switch-back test ({@link SwitchbackRecord}). */
    public static final StructType SWITCHBACK_RESULT = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(Columns.MODEL, DataTypes.StringType, false)
            .add(SwitchbackRecord.CONTROL, DataTypes.StringType, false)
            .add(SwitchbackRecord.TREATMENT, DataTypes.StringType, false)
            .add(Columns.METRIC, DataTypes.StringType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, false)
            .add(Columns.WINDOW_END, DataTypes.TimestampType, false)
            .add(SwitchbackRecord.PERIODS_CONTROL, DataTypes.LongType, false)
            .add(SwitchbackRecord.PERIODS_TREATMENT, DataTypes.LongType, false)
            .add(SwitchbackRecord.ROWS_DROPPED_BURN_IN, DataTypes.LongType, false)
            .add(SwitchbackRecord.CONTROL_VALUE, DataTypes.DoubleType, false)
            .add(SwitchbackRecord.TREATMENT_VALUE, DataTypes.DoubleType, false)
            .add(SwitchbackRecord.EFFECT, DataTypes.DoubleType, false)
            .add(Columns.CI_LOW, DataTypes.DoubleType, true)
            .add(Columns.CI_HIGH, DataTypes.DoubleType, true)
            .add(Columns.P_VALUE, DataTypes.DoubleType, true)
            .add(SwitchbackRecord.PERMUTATION_P_VALUE, DataTypes.DoubleType, true)
            .add(SwitchbackRecord.WARNING, DataTypes.StringType, true);

    /** One feature's part in a loss change an explain run found ({@link ExplanationRecord}). */
    public static final StructType EXPLANATION = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(Columns.MODEL, DataTypes.StringType, false)
            .add(ExplanationRecord.REFERENCE_START, DataTypes.TimestampType, false)
            .add(ExplanationRecord.REFERENCE_END, DataTypes.TimestampType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, false)
            .add(Columns.WINDOW_END, DataTypes.TimestampType, false)
            .add(Columns.SLICE, DataTypes.StringType, false)
            .add(Columns.FEATURE, DataTypes.StringType, false)
            .add(Columns.METRIC, DataTypes.StringType, false)
            .add(ExplanationRecord.REFERENCE_VALUE, DataTypes.DoubleType, false)
            .add(ExplanationRecord.WINDOW_VALUE, DataTypes.DoubleType, false)
            .add(ExplanationRecord.REPRODUCED, DataTypes.DoubleType, false)
            .add(ExplanationRecord.SHARE, DataTypes.DoubleType, true)
            .add(ExplanationRecord.PSI, DataTypes.DoubleType, false)
            .add(ExplanationRecord.CORRELATION, DataTypes.DoubleType, true)
            .add(ExplanationRecord.WINDOWS, DataTypes.IntegerType, false);

    /** The columns and types of an input as a monitor run saw them. */
    public static final StructType SCHEMA_COLUMN = new StructType()
            .add(InputFileRecord.RECORDED_AT, DataTypes.TimestampType, false)
            .add(Columns.SOURCE, DataTypes.StringType, false)
            .add(Columns.INPUT, DataTypes.StringType, false)
            .add(Columns.COLUMN, DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false);

    public static final StructType METRICS = new StructType()
            .add(Columns.MODEL, DataTypes.StringType, false)
            .add(Columns.MODEL_VERSION, DataTypes.StringType, false)
            .add(Columns.TASK, DataTypes.StringType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, false)
            .add(Columns.WINDOW_END, DataTypes.TimestampType, false)
            .add(Columns.SLICE, DataTypes.StringType, false)
            .add(Columns.METRIC, DataTypes.StringType, false)
            .add(Columns.VALUE, DataTypes.DoubleType, true)
            .add(Columns.N, DataTypes.LongType, false)
            .add(Columns.REASON, DataTypes.StringType, true)
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(MetricRecord.EVALUATED_AT, DataTypes.TimestampType, false);

    /** One row per rejected input row, with where it came from and why. */
    public static final StructType QUARANTINED = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.INPUT, DataTypes.StringType, false)
            .add(Columns.SOURCE, DataTypes.StringType, false)
            .add(Columns.FILE, DataTypes.StringType, true)
            .add(Columns.COLUMN, DataTypes.StringType, false)
            .add(Columns.REASON, DataTypes.StringType, false)
            .add("prediction_id", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true)
            // When the row says it was (ts, or label_ts for a label); null when that cannot be read.
            .add("ts", DataTypes.TimestampType, true);

    /** One drift verdict per feature, window (null: the whole current data) and run, with the test and threshold used. */
    public static final StructType DRIFT_RESULT = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(Columns.COMPUTED_AT, DataTypes.TimestampType, false)
            .add(DriftRecord.REFERENCE, DataTypes.StringType, true)
            .add(DriftRecord.CURRENT, DataTypes.StringType, false)
            .add(Columns.WINDOW_START, DataTypes.TimestampType, true)
            .add(Columns.FEATURE, DataTypes.StringType, false)
            .add(Columns.KIND, DataTypes.StringType, false)
            .add(DriftRecord.METHOD, DataTypes.StringType, false)
            .add(DriftRecord.STATISTIC, DataTypes.DoubleType, true)
            .add(Columns.P_VALUE, DataTypes.DoubleType, true)
            .add(DriftRecord.THRESHOLD, DataTypes.DoubleType, false)
            .add(DriftRecord.DRIFTED, DataTypes.BooleanType, true)
            .add(Columns.REASON, DataTypes.StringType, true)
            .add(DriftRecord.REFERENCE_MISSING, DataTypes.LongType, false)
            .add(DriftRecord.CURRENT_MISSING, DataTypes.LongType, false)
            .add(DriftRecord.DATASET_DRIFT, DataTypes.BooleanType, false)
            .add(Columns.MODEL, DataTypes.StringType, true)
            .add(Columns.CI_LOW, DataTypes.DoubleType, true)
            .add(Columns.CI_HIGH, DataTypes.DoubleType, true)
            .add(DriftRecord.TOP_FEATURES, DataTypes.StringType, true)
            .add(DriftRecord.REFERENCE_ERROR, DataTypes.DoubleType, true);

    /** The accounting of one run: every input row ends in exactly one of the counted outcomes. */
    public static final StructType RUN = new StructType()
            .add(Columns.RUN_ID, DataTypes.StringType, false)
            .add(RunRecord.COMMAND, DataTypes.StringType, false)
            .add(Columns.STATUS, DataTypes.StringType, false)
            .add(RunRecord.ERROR, DataTypes.StringType, true)
            .add(Columns.STARTED_AT, DataTypes.TimestampType, false)
            .add(RunRecord.FINISHED_AT, DataTypes.TimestampType, false)
            .add(Columns.TASK, DataTypes.StringType, true)
            .add(RunRecord.PREDICTIONS, DataTypes.StringType, true)
            .add(RunRecord.LABELS, DataTypes.StringType, true)
            .add(RunRecord.SETTINGS, DataTypes.StringType, true)
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
            .add(RunRecord.DURATION_MS, DataTypes.LongType, false)
            // Added after the first stores were written: null in their older rows, which are evaluate's.
            .add(Columns.JOB, DataTypes.StringType, true)
            // The model a drift or monitor run covered; null for evaluate's (all models of its input).
            .add(Columns.MODEL, DataTypes.StringType, true)
            // What tells an evaluate run's final windows: WindowFinality.
            .add(Columns.NEWEST_LABEL_TS, DataTypes.TimestampType, true)
            .add(Columns.LABEL_WINDOW_SECONDS, DataTypes.LongType, true)
            // The version of the metrics table an evaluate run committed: --as-of that version shows it.
            .add(Columns.METRICS_VERSION, DataTypes.LongType, true);

    /** The schema of each table. */
    public static final Map<String, StructType> OF = Map.ofEntries(
            Map.entry(StoreTables.METRICS, METRICS),
            Map.entry(StoreTables.RUNS, RUN),
            Map.entry(StoreTables.QUARANTINE, QUARANTINED),
            Map.entry(StoreTables.DRIFT, DRIFT_RESULT),
            Map.entry(StoreTables.SCHEMAS, SCHEMA_COLUMN),
            Map.entry(StoreTables.FINDINGS, FINDING),
            Map.entry(StoreTables.REPLAY, REPLAY_RESULT),
            Map.entry(StoreTables.SLICES, SLICE_RESULT),
            Map.entry(StoreTables.EXPLANATIONS, EXPLANATION),
            Map.entry(StoreTables.INPUTS, INPUT_FILE),
            Map.entry(StoreTables.PROFILES, PROFILE),
            Map.entry(StoreTables.FAIRNESS, FAIRNESS_RESULT),
            Map.entry(StoreTables.SWITCHBACK, SWITCHBACK_RESULT));
}
