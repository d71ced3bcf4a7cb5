package dev.verity.jobs;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;

import java.util.Map;
import org.apache.spark.sql.Column;

/** Tumbling UTC windows by the prediction's {@code ts}: 1h, 1d, 7d, or one window over all input. */
public record WindowSpec(String name, long seconds) {
    /** The one window over all the input (not the slice of all traffic). */
    public static final String ALL = "all";

    private static final Map<String, Long> ALLOWED = Map.of("1h", 3600L, "1d", 86400L, "7d", 7 * 86400L, ALL, 0L);

    /** @throws IllegalArgumentException for a name other than 1h, 1d, 7d or all */
    public static WindowSpec parse(String text) {
        Long seconds = ALLOWED.get(text);
        if (seconds == null) {
            throw new IllegalArgumentException("'" + text + "' is not one of 1h, 1d, 7d, all");
        }
        return new WindowSpec(text, seconds);
    }

    public boolean isAll() {
        return seconds == 0;
    }

    /** The start of the window of {@code windowSeconds} that {@code time} (a timestamp column) falls in. */
    public static Column startOf(Column time, long windowSeconds) {
        return timestamp_seconds(floor(unix_seconds(time).divide(windowSeconds)).multiply(windowSeconds));
    }
}
