package dev.verity.store;

import java.sql.Timestamp;
import java.util.List;

/**
 * One slice a slice search found: its rows' mean loss against the rest of its window, the
 * difference with its jointly corrected 95% interval, SliceLine's score, and the AUC of the
 * slice beside the window's.
 */
public record SliceRecord(
        String model,
        String modelVersion,
        Timestamp windowStart,
        Timestamp windowEnd,
        String slice,
        long rows,
        String metric,
        double value,
        double restValue,
        double delta,
        double ciLow,
        double ciHigh,
        double score,
        Double auc,
        Double aucAll) {

    public static final String REST_VALUE = "rest_value";
    public static final String SCORE = "score";
    public static final String AUC = "auc";
    public static final String AUC_ALL = "auc_all";

    /** The columns of a slice, as {@code slices} prints them. */
    public static final List<String> COLUMNS = List.of(
            Columns.MODEL,
            Columns.MODEL_VERSION,
            Columns.WINDOW_START,
            Columns.WINDOW_END,
            Columns.SLICE,
            Columns.ROWS,
            Columns.METRIC,
            Columns.VALUE,
            REST_VALUE,
            Columns.DELTA,
            Columns.CI_LOW,
            Columns.CI_HIGH,
            SCORE,
            AUC,
            AUC_ALL);

    /** The values of {@link #COLUMNS}, times as ISO-8601 text. */
    public List<Object> values() {
        return named(windowStart.toInstant().toString(), windowEnd.toInstant().toString())
                .in(COLUMNS);
    }

    public static SliceRecord of(NamedValues v) {
        return new SliceRecord(
                v.string(Columns.MODEL),
                v.string(Columns.MODEL_VERSION),
                v.timestamp(Columns.WINDOW_START),
                v.timestamp(Columns.WINDOW_END),
                v.string(Columns.SLICE),
                v.longOrNull(Columns.ROWS),
                v.string(Columns.METRIC),
                v.doubleOrNull(Columns.VALUE),
                v.doubleOrNull(REST_VALUE),
                v.doubleOrNull(Columns.DELTA),
                v.doubleOrNull(Columns.CI_LOW),
                v.doubleOrNull(Columns.CI_HIGH),
                v.doubleOrNull(SCORE),
                v.doubleOrNull(AUC),
                v.doubleOrNull(AUC_ALL));
    }

    /** Its values by column, as the slices table holds them. */
    public NamedValues named() {
        return named(windowStart, windowEnd);
    }

    private NamedValues named(Object start, Object end) {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(Columns.MODEL_VERSION, modelVersion)
                .put(Columns.WINDOW_START, start)
                .put(Columns.WINDOW_END, end)
                .put(Columns.SLICE, slice)
                .put(Columns.ROWS, rows)
                .put(Columns.METRIC, metric)
                .put(Columns.VALUE, value)
                .put(REST_VALUE, restValue)
                .put(Columns.DELTA, delta)
                .put(Columns.CI_LOW, ciLow)
                .put(Columns.CI_HIGH, ciHigh)
                .put(SCORE, score)
                .put(AUC, auc)
                .put(AUC_ALL, aucAll);
    }
}
