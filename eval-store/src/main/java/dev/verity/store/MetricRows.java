package dev.verity.store;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Reading rows of the metrics table ({@link StoreTables#METRICS}). */
public final class MetricRows {
    private MetricRows() {}

    /** The length of the row's window in milliseconds: windows of different lengths do not compare. */
    public static long windowMillis(Row r) {
        return r.<Timestamp>getAs("window_end").getTime()
                - r.<Timestamp>getAs("window_start").getTime();
    }

    /**
     * The window length of a series over time: windows of different lengths (daily and whole-week
     * runs into one store) are not points of one line, so the most common length is, the shorter
     * on a tie; 0 for no rows.
     */
    public static long seriesLength(Collection<Row> rows) {
        Map<Long, Long> lengths = new HashMap<>();
        rows.forEach(r -> lengths.merge(windowMillis(r), 1L, Long::sum));
        return lengths.entrySet().stream()
                .max(Map.Entry.<Long, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElse(0L);
    }

    /** The row's value; null for a missing row or an undefined value. */
    public static Double value(Row r) {
        return r == null || r.isNullAt(r.fieldIndex("value")) ? null : r.getAs("value");
    }
}
