package dev.verity.store;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;

/** Reading rows of the metrics table ({@link StoreTables#METRICS}). */
public final class MetricRows {
    private MetricRows() {}

    /** The length of the row's window in milliseconds: windows of different lengths do not compare. */
    public static long windowMillis(Row r) {
        return r.<Timestamp>getAs("window_end").getTime()
                - r.<Timestamp>getAs("window_start").getTime();
    }

    /** The row's value; null for a missing row or an undefined value. */
    public static Double value(Row r) {
        return r == null || r.isNullAt(r.fieldIndex("value")) ? null : r.getAs("value");
    }
}
