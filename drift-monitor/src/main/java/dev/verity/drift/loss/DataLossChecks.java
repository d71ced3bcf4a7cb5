package dev.verity.drift.loss;

import dev.verity.metrics.anomaly.SeasonalBaseline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges window statistics, never raw rows: missing windows, row-count drops, null-rate
 * spikes, duplicate ids and label-coverage drops. Where the windows span enough of a season
 * (four weeks of daily windows, four days of hourly ones: {@link SeasonalBaseline.Season#forSeries}),
 * a window's row count and label coverage are judged against the earlier windows of its season,
 * their noise and the window's own sampling error, with Benjamini-Hochberg control across every
 * window judged ({@link SeasonalVerdicts}); otherwise, and for windows with too little of their
 * season before them, against fixed shares of the previous {@code baseline} windows' median.
 * A clean log yields no findings.
 */
public final class DataLossChecks {
    static final double ROW_COUNT_DROP = 0.5;
    static final double NULL_RATE_RISE = 0.1;
    static final double COVERAGE_DROP = 0.2;

    private final Duration window;
    private final int baseline;

    public DataLossChecks(Duration window, int baseline) {
        if (baseline < 1) {
            throw new IllegalArgumentException("baseline must be at least 1 window, got " + baseline);
        }
        this.window = window;
        this.baseline = baseline;
    }

    public List<Finding> check(List<WindowStats> observed) {
        List<Finding> findings = new ArrayList<>();
        if (observed.isEmpty()) {
            return findings;
        }
        TreeMap<Instant, WindowStats> byStart = new TreeMap<>();
        observed.forEach(w -> byStart.put(w.start(), w));
        // Every window between the first and the last, missing ones as empty.
        List<WindowStats> windows = new ArrayList<>();
        for (Instant t = byStart.firstKey(); !t.isAfter(byStart.lastKey()); t = t.plus(window)) {
            windows.add(byStart.getOrDefault(t, new WindowStats(t, 0, Map.of(), 0, null)));
        }
        SeasonalVerdicts seasonal = SeasonalVerdicts.of(windows, window);
        for (int i = 0; i < windows.size(); i++) {
            List<WindowStats> previous = windows.subList(Math.max(0, i - baseline), i);
            check(windows.get(i), previous, seasonal, findings);
        }
        return findings;
    }

    private void check(
            WindowStats current, List<WindowStats> previous, SeasonalVerdicts seasonal, List<Finding> findings) {
        double medianRows = previous.isEmpty()
                ? Double.NaN
                : median(previous.stream().mapToDouble(WindowStats::rows).toArray());
        if (current.rows() == 0) {
            findings.add(new Finding(
                    FindingKind.MISSING_WINDOW,
                    current.start(),
                    null,
                    0,
                    medianRows,
                    "no predictions were logged in this window: the logger or the pipeline lost it"));
            return;
        }
        if (seasonal.judges(FindingKind.ROW_COUNT_DROP, current.start())) {
            seasonal.drop(FindingKind.ROW_COUNT_DROP, current.start()).ifPresent(findings::add);
        } else if (!previous.isEmpty() && current.rows() < ROW_COUNT_DROP * medianRows) {
            findings.add(new Finding(
                    FindingKind.ROW_COUNT_DROP,
                    current.start(),
                    null,
                    current.rows(),
                    medianRows,
                    "fewer than half the rows of the median of the previous " + previous.size()
                            + " windows: partial data loss"));
        }
        if (current.duplicateIds() > 0) {
            findings.add(new Finding(
                    FindingKind.DUPLICATE_IDS,
                    current.start(),
                    "prediction_id",
                    current.duplicateIds(),
                    0,
                    "prediction ids logged more than once: retries or a double write; only the first is evaluated"));
        }
        long previousRows = previous.stream().mapToLong(WindowStats::rows).sum();
        if (previousRows > 0) {
            for (Map.Entry<String, Long> nulls : current.nulls().entrySet()) {
                double share = (double) nulls.getValue() / current.rows();
                double before = (double) previous.stream()
                                .mapToLong(w -> w.nulls().getOrDefault(nulls.getKey(), 0L))
                                .sum()
                        / previousRows;
                if (share > before + NULL_RATE_RISE) {
                    findings.add(new Finding(
                            FindingKind.NULL_RATE,
                            current.start(),
                            nulls.getKey(),
                            share,
                            before,
                            "the column's null share rose by more than " + NULL_RATE_RISE
                                    + ": a broken feature or join upstream"));
                }
            }
        }
        if (seasonal.judges(FindingKind.LABEL_COVERAGE_DROP, current.start())) {
            seasonal.drop(FindingKind.LABEL_COVERAGE_DROP, current.start()).ifPresent(findings::add);
            return;
        }
        double[] coverage = previous.stream()
                .filter(w -> w.labelled() != null && w.rows() > 0)
                .mapToDouble(w -> (double) w.labelled() / w.rows())
                .toArray();
        if (current.labelled() != null && coverage.length > 0) {
            double share = (double) current.labelled() / current.rows();
            double expected = median(coverage);
            if (share < expected - COVERAGE_DROP) {
                findings.add(new Finding(
                        FindingKind.LABEL_COVERAGE_DROP,
                        current.start(),
                        "label",
                        share,
                        expected,
                        "fewer predictions got a label within the label window: the label pipeline is losing data"));
            }
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static final double OUT_OF_RANGE_SHARE = 0.01;
    static final int CATEGORIES_NAMED = 5;

    /** A finding when more than 1% of a window's values of a column fall outside the reference's [min, max]. */
    public static java.util.Optional<Finding> outOfRange(
            Instant window, String column, long outside, long rows, double min, double max) {
        double share = rows == 0 ? 0 : (double) outside / rows;
        if (share <= OUT_OF_RANGE_SHARE) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Finding(
                FindingKind.OUT_OF_RANGE,
                window,
                column,
                share,
                OUT_OF_RANGE_SHARE,
                outside + " values outside the reference range [" + min + ", " + max
                        + "]: a unit, scaling or upstream change"));
    }

    /** A finding for categories of a window that the reference never had. */
    public static java.util.Optional<Finding> newCategories(Instant window, String column, Map<String, Long> unseen) {
        if (unseen.isEmpty()) {
            return java.util.Optional.empty();
        }
        long rows = unseen.values().stream().mapToLong(Long::longValue).sum();
        String named = String.join(
                ", ",
                new TreeMap<>(unseen).keySet().stream().limit(CATEGORIES_NAMED).toList());
        return java.util.Optional.of(new Finding(
                FindingKind.NEW_CATEGORY,
                window,
                column,
                rows,
                0,
                unseen.size() + " categories the reference never had (" + named
                        + (unseen.size() > CATEGORIES_NAMED ? ", ..." : "") + "): the model has not seen them"));
    }

    /** Columns gone, added or of a new type since the previous run's schema. */
    public static List<Finding> schemaChanges(Map<String, String> previous, Map<String, String> current, Instant at) {
        List<Finding> findings = new ArrayList<>();
        if (previous.isEmpty()) {
            return findings;
        }
        previous.forEach((column, type) -> {
            if (!current.containsKey(column)) {
                findings.add(
                        new Finding(FindingKind.SCHEMA_CHANGE, at, column, 0, 1, "column gone (was " + type + ")"));
            } else if (!current.get(column).equals(type)) {
                findings.add(new Finding(
                        FindingKind.SCHEMA_CHANGE,
                        at,
                        column,
                        1,
                        1,
                        "type changed from " + type + " to " + current.get(column)));
            }
        });
        current.forEach((column, type) -> {
            if (!previous.containsKey(column)) {
                findings.add(new Finding(FindingKind.SCHEMA_CHANGE, at, column, 1, 0, "column added (" + type + ")"));
            }
        });
        return findings;
    }
}
