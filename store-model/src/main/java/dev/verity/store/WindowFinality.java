package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a metric row's window can still change. It is final when its end plus the label window
 * is behind the newest {@code label_ts} the run that wrote it saw: every label that can count for
 * it had its time to arrive. Otherwise it is provisional: labels still on their way (often the
 * ones that differ, as conversions after clicks) would change it.
 */
public final class WindowFinality {
    /** Per run, the end a window may have at most to be final. */
    private final Map<String, Instant> finalUpTo;

    private WindowFinality(Map<String, Instant> finalUpTo) {
        this.finalUpTo = finalUpTo;
    }

    /** From the store's runs; a run that recorded no newest label (older, or another job's) tells nothing. */
    public static WindowFinality of(List<RunRecord> runs) {
        Map<String, Instant> upTo = new HashMap<>();
        for (RunRecord run : runs) {
            Timestamp newest = (Timestamp) run.accounting().get(Columns.NEWEST_LABEL_TS);
            Long window = run.count(Columns.LABEL_WINDOW_SECONDS);
            if (newest != null && window != null) {
                upTo.put(run.runId(), newest.toInstant().minusSeconds(window));
            }
        }
        return new WindowFinality(upTo);
    }

    /** True (final), false (provisional), or null when the run that wrote the row did not record it. */
    public Boolean isFinal(String runId, Timestamp windowEnd) {
        Instant upTo = finalUpTo.get(runId);
        return upTo == null ? null : !windowEnd.toInstant().isAfter(upTo);
    }

    /** The same of a metric row. */
    public Boolean isFinal(MetricRecord row) {
        return isFinal(row.runId(), row.windowEnd());
    }
}
