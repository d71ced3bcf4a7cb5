package dev.verity.jobs;

import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * The span of prediction time a run covers, start inclusive and end exclusive; either end may
 * be open (null). A run over a range reads predictions inside it and the labels that can count
 * for them: from its start to its end plus the label window.
 */
public record TimeRange(Instant from, Instant until) {
    /** No bound on either side: the whole log. */
    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (from != null && until != null && !from.isBefore(until)) {
            throw new IllegalArgumentException("the range's start must come before its end: " + from + " to " + until);
        }
    }

    public boolean isAll() {
        return from == null && until == null;
    }

    /** True when {@code time} (a column of timestamps) lies in the range; null stays null. */
    public Column contains(Column time) {
        Column inside = lit(true);
        if (from != null) {
            inside = inside.and(time.geq(lit(from)));
        }
        if (until != null) {
            inside = inside.and(time.lt(lit(until)));
        }
        return inside;
    }

    /** The range as a Spark SQL condition on {@code column} (a timestamp). */
    public String sql(String column) {
        java.util.List<String> bounds = new java.util.ArrayList<>();
        if (from != null) {
            bounds.add(column + " >= TIMESTAMP '" + from + "'");
        }
        if (until != null) {
            bounds.add(column + " < TIMESTAMP '" + until + "'");
        }
        return bounds.isEmpty() ? "true" : String.join(" AND ", bounds);
    }

    /**
     * True when {@code time} lies in the range or is null: a row whose time cannot be read
     * belongs to no range, so every run over its log keeps it (for the quarantine, or a finding).
     */
    public Column keeps(Column time) {
        return time.isNull().or(contains(time));
    }

    /** True when {@code time} lies in the range. */
    public boolean includes(Instant time) {
        return (from == null || !time.isBefore(from)) && (until == null || time.isBefore(until));
    }

    /** This range with its start moved {@code seconds} earlier (to read what a judgement of its first windows needs). */
    public TimeRange reachingBack(long seconds) {
        return new TimeRange(from == null ? null : from.minusSeconds(seconds), until);
    }

    /** The least range holding this one and {@code start} until {@code end}; an open end stays open. */
    public TimeRange spanning(Instant start, Instant end) {
        return new TimeRange(
                from == null || from.isBefore(start) ? from : start, until == null || until.isAfter(end) ? until : end);
    }

    /** This range with its end moved {@code seconds} later (the labels' range: the label window past the end). */
    public TimeRange extendedBy(long seconds) {
        return new TimeRange(from, until == null ? null : until.plusSeconds(seconds));
    }

    /** The first end that is not a boundary of {@code window}'s tumbling UTC windows; empty when both are. */
    public Optional<Instant> splitsAWindow(WindowSpec window) {
        if (window.isAll()) {
            return Optional.empty();
        }
        for (Instant end : new Instant[] {from, until}) {
            if (end != null && (Math.floorMod(end.getEpochSecond(), window.seconds()) != 0 || end.getNano() != 0)) {
                return Optional.of(end);
            }
        }
        return Optional.empty();
    }
}
