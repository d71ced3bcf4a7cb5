package dev.verity.store;

import java.util.List;

/**
 * The evaluation store's tables by path under its root. The root folder is itself the metrics
 * table (so any Delta reader can open it directly); the companion tables live under
 * {@code _verity/}, a hidden folder that Delta's own files never touch.
 */
public final class StoreTables {
    private StoreTables() {}

    /** The metrics table: the root itself. */
    public static final String METRICS = "";

    /** The folder of the companion tables. */
    public static final String COMPANIONS = "_verity";

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
    /** Per window, input and column, what it held as mergeable sketches ({@link ProfileRecord}). */
    public static final String PROFILES = COMPANIONS + "/profiles";
    /** Per run, group and window, the fairness measures of a protected attribute ({@link FairnessRecord}). */
    public static final String FAIRNESS = COMPANIONS + "/fairness";
    /** Per run, the verdict of a switch-back test of two versions ({@link SwitchbackRecord}). */
    public static final String SWITCHBACK = COMPANIONS + "/switchback";

    /** Every table of a store. */
    public static final List<String> ALL = List.of(
            METRICS,
            RUNS,
            QUARANTINE,
            DRIFT,
            SCHEMAS,
            FINDINGS,
            REPLAY,
            SLICES,
            EXPLANATIONS,
            INPUTS,
            PROFILES,
            FAIRNESS,
            SWITCHBACK);

    /** The tables a {@link StoreSnapshot} holds. */
    public static final List<String> READ =
            List.of(METRICS, RUNS, DRIFT, FINDINGS, REPLAY, SLICES, EXPLANATIONS, PROFILES, FAIRNESS, SWITCHBACK);

    /**
     * The metrics table's partition column. A year of daily windows of 50 models is about 10^5
     * rows per model: partitions by model hold a few MB each and every reader (metrics --model,
     * advise, the report, a merge of one model's run) reads one; by window (365 partitions of
     * tiny files) or by model and day (18,250) would cost more in file listing than it saves.
     */
    public static final String METRICS_PARTITION = Columns.MODEL;

    /** The columns that identify a metric row; a rerun replaces the row with the same key. */
    public static final List<String> METRIC_KEY = List.of(
            Columns.MODEL,
            Columns.MODEL_VERSION,
            Columns.WINDOW_START,
            Columns.WINDOW_END,
            Columns.SLICE,
            Columns.METRIC);
}
