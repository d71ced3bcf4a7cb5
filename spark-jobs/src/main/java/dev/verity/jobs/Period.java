package dev.verity.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A span of prediction time, start inclusive and end exclusive, written {@code START/END}. */
public record Period(Instant start, Instant end) {
    public Period {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("the period's start must come before its end: " + start + "/" + end);
        }
    }

    /**
     * {@code 2026-11-01/2026-11-08} (UTC days, the end day excluded) or two ISO-8601 instants.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Period parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not START/END, e.g. 2026-11-01/2026-11-08");
        }
        return new Period(instant(parts[0]), instant(parts[1]));
    }

    /** A UTC date (its midnight) or an ISO-8601 instant. */
    public static Instant instant(String text) {
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a date (2026-11-01) nor an instant", e);
        }
    }

    /** Whether {@code instant} falls in this period. */
    public boolean includes(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "/" + end;
    }
}
