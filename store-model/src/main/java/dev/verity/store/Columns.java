package dev.verity.store;

/**
 * The names of the store's columns that more than one table, or a reader, uses; a column of one
 * table only is named beside that table's schema.
 */
public final class Columns {
    private Columns() {}

    public static final String RUN_ID = "run_id";
    /** When a run's result rows were computed: the newest per key are the latest run's. */
    public static final String COMPUTED_AT = "computed_at";

    /**
     * The model column. Drift, findings and runs gained it after the first stores were written:
     * their older rows read it as null, and so do rows of data that named no model.
     */
    public static final String MODEL = "model";

    public static final String MODEL_VERSION = "model_version";
    public static final String TASK = "task";
    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String SLICE = "slice";
    public static final String METRIC = "metric";
    public static final String VALUE = "value";
    public static final String N = "n";
    public static final String REASON = "reason";
    public static final String FEATURE = "feature";
    public static final String KIND = "kind";
    public static final String INPUT = "input";
    public static final String SOURCE = "source";
    public static final String FILE = "file";
    public static final String COLUMN = "column";
    public static final String ROWS = "rows";
    public static final String DELTA = "delta";
    public static final String CI_LOW = "ci_low";
    public static final String CI_HIGH = "ci_high";
    public static final String P_VALUE = "p_value";
    public static final String STATUS = "status";
    public static final String STARTED_AT = "started_at";

    /** The runs table's column naming the job that wrote a run ({@link Job}). */
    public static final String JOB = "job";
    /** The runs table's column: the version of the metrics table an evaluate run committed. */
    public static final String METRICS_VERSION = "metrics_version";
    /** The runs table's column: the latest {@code label_ts} among the labels an evaluate run read. */
    public static final String NEWEST_LABEL_TS = "newest_label_ts";
    /** The runs table's column: the label window of an evaluate run, in seconds. */
    public static final String LABEL_WINDOW_SECONDS = "label_window_seconds";
}
