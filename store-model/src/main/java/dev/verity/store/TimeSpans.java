package dev.verity.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses spans such as {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}. */
public final class TimeSpans {
    private static final Pattern SPAN = Pattern.compile("(\\d+)([smhd])");

    private TimeSpans() {}

    /** @throws IllegalArgumentException for text that is not a number and a unit s, m, h or d */
    public static long seconds(String text) {
        Matcher m = SPAN.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a span such as 30m, 12h or 7d");
        }
        long amount = Long.parseLong(m.group(1));
        return amount
                * switch (m.group(2)) {
                    case "s" -> 1L;
                    case "m" -> 60L;
                    case "h" -> 3600L;
                    default -> 86400L;
                };
    }
}
