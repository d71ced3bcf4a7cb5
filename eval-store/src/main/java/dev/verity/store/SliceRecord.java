package dev.verity.store;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;

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

    /** The columns of a slice, as {@code slices} prints them. */
    public static final List<String> COLUMNS = List.of(
            StoreTables.MODEL,
            "model_version",
            "window_start",
            "window_end",
            "slice",
            "rows",
            "metric",
            "value",
            "rest_value",
            "delta",
            "ci_low",
            "ci_high",
            "score",
            "auc",
            "auc_all");

    /** The values of {@link #COLUMNS}, times as ISO-8601 text. */
    public List<Object> values() {
        return named(windowStart.toInstant().toString(), windowEnd.toInstant().toString())
                .in(COLUMNS);
    }

    /** The row of {@link StoreTables#SLICE_RESULT}. */
    Row toRow(String runId, Timestamp computedAt) {
        return named(windowStart, windowEnd)
                .put("run_id", runId)
                .put("computed_at", computedAt)
                .row(StoreTables.SLICE_RESULT);
    }

    static SliceRecord of(Row r) {
        return new SliceRecord(
                r.getAs(StoreTables.MODEL),
                r.getAs("model_version"),
                r.getAs("window_start"),
                r.getAs("window_end"),
                r.getAs("slice"),
                r.<Long>getAs("rows"),
                r.getAs("metric"),
                r.<Double>getAs("value"),
                r.<Double>getAs("rest_value"),
                r.<Double>getAs("delta"),
                r.<Double>getAs("ci_low"),
                r.<Double>getAs("ci_high"),
                r.<Double>getAs("score"),
                r.getAs("auc"),
                r.getAs("auc_all"));
    }

    private NamedValues named(Object start, Object end) {
        return new NamedValues()
                .put(StoreTables.MODEL, model)
                .put("model_version", modelVersion)
                .put("window_start", start)
                .put("window_end", end)
                .put("slice", slice)
                .put("rows", rows)
                .put("metric", metric)
                .put("value", value)
                .put("rest_value", restValue)
                .put("delta", delta)
                .put("ci_low", ciLow)
                .put("ci_high", ciHigh)
                .put("score", score)
                .put("auc", auc)
                .put("auc_all", aucAll);
    }
}
