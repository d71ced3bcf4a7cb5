package dev.verity.store;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the metrics table: a metric of one model version in one window and slice, with the
 * rows behind it, why it is undefined (value null), and the run that wrote it.
 */
public record MetricRecord(
        String model,
        String modelVersion,
        String task,
        Timestamp windowStart,
        Timestamp windowEnd,
        String slice,
        String metric,
        Double value,
        long n,
        String reason,
        String runId,
        Timestamp evaluatedAt) {

    public static final String EVALUATED_AT = "evaluated_at";

    /** The metrics table's columns, in order. */
    public static final List<String> COLUMNS = List.of(
            Columns.MODEL,
            Columns.MODEL_VERSION,
            Columns.TASK,
            Columns.WINDOW_START,
            Columns.WINDOW_END,
            Columns.SLICE,
            Columns.METRIC,
            Columns.VALUE,
            Columns.N,
            Columns.REASON,
            Columns.RUN_ID,
            EVALUATED_AT);

    public static MetricRecord of(NamedValues v) {
        return new MetricRecord(
                v.string(Columns.MODEL),
                v.string(Columns.MODEL_VERSION),
                v.string(Columns.TASK),
                v.timestamp(Columns.WINDOW_START),
                v.timestamp(Columns.WINDOW_END),
                v.string(Columns.SLICE),
                v.string(Columns.METRIC),
                v.doubleOrNull(Columns.VALUE),
                v.longOrNull(Columns.N),
                v.string(Columns.REASON),
                v.string(Columns.RUN_ID),
                v.timestamp(EVALUATED_AT));
    }

    public NamedValues named() {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(Columns.MODEL_VERSION, modelVersion)
                .put(Columns.TASK, task)
                .put(Columns.WINDOW_START, windowStart)
                .put(Columns.WINDOW_END, windowEnd)
                .put(Columns.SLICE, slice)
                .put(Columns.METRIC, metric)
                .put(Columns.VALUE, value)
                .put(Columns.N, n)
                .put(Columns.REASON, reason)
                .put(Columns.RUN_ID, runId)
                .put(EVALUATED_AT, evaluatedAt);
    }

    /** The length of the window in milliseconds: windows of different lengths do not compare. */
    public long windowMillis() {
        return windowEnd.getTime() - windowStart.getTime();
    }

    /**
     * The window length of a series over time: windows of different lengths (daily and whole-week
     * runs into one store) are not points of one line, so the most common length is, the shorter
     * on a tie; 0 for no rows.
     */
    public static long seriesLength(Collection<MetricRecord> rows) {
        Map<Long, Long> lengths = new HashMap<>();
        rows.forEach(r -> lengths.merge(r.windowMillis(), 1L, Long::sum));
        return lengths.entrySet().stream()
                .max(Map.Entry.<Long, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElse(0L);
    }

    /** The row's value; null for a missing row or an undefined value. */
    public static Double valueOf(MetricRecord r) {
        return r == null ? null : r.value();
    }
}
