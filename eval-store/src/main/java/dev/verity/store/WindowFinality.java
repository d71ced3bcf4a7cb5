package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Whether a metric row's window can still change. It is final when its end plus the label window
 * is behind the newest {@code label_ts} the run that wrote it saw: every label that can count for
 * it had its time to arrive. Otherwise it is provisional: labels still on their way (often the
 * ones that differ, as conversions after clicks) would change it.
 */
public final class WindowFinality {
    /** The runs table's column: the latest {@code label_ts} among the labels an evaluate run read. */
    public static final String NEWEST_LABEL_TS = "newest_label_ts";
    /** The runs table's column: the label window of an evaluate run, in seconds. */
    public static final String LABEL_WINDOW_SECONDS = "label_window_seconds";

    /** Per run, the end a window may have at most to be final. */
    private final Map<String, Instant> finalUpTo;

    private WindowFinality(Map<String, Instant> finalUpTo) {
        this.finalUpTo = finalUpTo;
    }

    /** From the store's runs; a run that recorded no newest label (older, or another job's) tells nothing. */
    public static WindowFinality of(List<Row> runs) {
        Map<String, Instant> upTo = new HashMap<>();
        for (Row run : runs) {
            Timestamp newest = run.getAs(NEWEST_LABEL_TS);
            Long window = run.getAs(LABEL_WINDOW_SECONDS);
            if (newest != null && window != null) {
                upTo.put(run.getAs("run_id"), newest.toInstant().minusSeconds(window));
            }
        }
        return new WindowFinality(upTo);
    }

    /** True (final), false (provisional), or null when the run that wrote the row did not record it. */
    public Boolean isFinal(String runId, Timestamp windowEnd) {
        Instant upTo = finalUpTo.get(runId);
        return upTo == null ? null : !windowEnd.toInstant().isAfter(upTo);
    }
}
