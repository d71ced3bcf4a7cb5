package dev.verity.drift.loss;

import dev.verity.metrics.anomaly.FalseDiscovery;
import dev.verity.metrics.anomaly.SeasonalBaseline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The row counts and label coverages of a log's windows, each judged against the earlier windows
 * of its season ({@link SeasonalBaseline}) for a drop: the one-sided p-value of each, and
 * Benjamini-Hochberg q-values across every window of both judged in one run, a drop when q is
 * at most {@link FalseDiscovery#DEFAULT_RATE}. A window with no rows (missing) never feeds a
 * baseline; a window whose labels may still arrive has no coverage to judge.
 */
final class SeasonalVerdicts {
    /** Per kind, the windows (by start) its season judged, and of those the ones that dropped. */
    private final Map<FindingKind, Set<Instant>> judged;

    private final Map<FindingKind, Map<Instant, Finding>> drops;

    private SeasonalVerdicts(Map<FindingKind, Set<Instant>> judged, Map<FindingKind, Map<Instant, Finding>> drops) {
        this.judged = judged;
        this.drops = drops;
    }

    /** Whether the window's {@code kind} ({@code row_count_drop} or {@code label_coverage_drop}) was judged by its season. */
    boolean judges(FindingKind kind, Instant start) {
        return judged.getOrDefault(kind, Set.of()).contains(start);
    }

    /** The window's drop of {@code kind}, when its season found one. */
    Optional<Finding> drop(FindingKind kind, Instant start) {
        return Optional.ofNullable(drops.getOrDefault(kind, Map.of()).get(start));
    }

    /** @param windows every window from the first to the last, missing ones with no rows */
    static SeasonalVerdicts of(List<WindowStats> windows, Duration length) {
        SeasonalBaseline.Season season = windows.isEmpty()
                ? SeasonalBaseline.Season.NONE
                : SeasonalBaseline.Season.forSeries(length, length.multipliedBy(windows.size()));
        if (season == SeasonalBaseline.Season.NONE) {
            return new SeasonalVerdicts(Map.of(), Map.of());
        }
        List<Judged> judged = new ArrayList<>();
        judge(
                windows.stream().filter(w -> w.rows() > 0).toList(),
                season,
                w -> w.rows(),
                w -> Math.sqrt(w.rows()),
                FindingKind.ROW_COUNT_DROP,
                judged);
        judge(
                windows.stream()
                        .filter(w -> w.rows() > 0 && w.labelled() != null)
                        .toList(),
                season,
                SeasonalVerdicts::share,
                w -> Math.sqrt(share(w) * (1 - share(w)) / w.rows()),
                FindingKind.LABEL_COVERAGE_DROP,
                judged);
        double[] q = FalseDiscovery.qValues(
                judged.stream().mapToDouble(Judged::pValue).toArray());
        Map<FindingKind, Set<Instant>> judgedWindows = new EnumMap<>(FindingKind.class);
        Map<FindingKind, Map<Instant, Finding>> drops = new EnumMap<>(FindingKind.class);
        for (int i = 0; i < judged.size(); i++) {
            Judged j = judged.get(i);
            judgedWindows.computeIfAbsent(j.kind(), k -> new HashSet<>()).add(j.start());
            if (q[i] <= FalseDiscovery.DEFAULT_RATE) {
                drops.computeIfAbsent(j.kind(), k -> new HashMap<>()).put(j.start(), j.finding(season, q[i]));
            }
        }
        return new SeasonalVerdicts(judgedWindows, drops);
    }

    private static double share(WindowStats w) {
        return (double) w.labelled() / w.rows();
    }

    private record Judged(
            FindingKind kind, Instant start, double value, SeasonalBaseline.Expectation expectation, double pValue) {
        Finding finding(SeasonalBaseline.Season season, double q) {
            String what = kind == FindingKind.ROW_COUNT_DROP ? "rows" : "a labelled share";
            return new Finding(
                    kind,
                    start,
                    kind == FindingKind.ROW_COUNT_DROP ? null : "label",
                    value,
                    expectation.expected(),
                    String.format(
                            Locale.ROOT,
                            "%s below the band of %s in earlier windows (expected %.4g, at least %.4g; q %.2g): %s",
                            what,
                            season.matched(),
                            expectation.expected(),
                            expectation.low(),
                            q,
                            kind == FindingKind.ROW_COUNT_DROP
                                    ? "partial data loss"
                                    : "the label pipeline is losing data"));
        }
    }

    private static final double Z =
            new NormalDistribution().inverseCumulativeProbability(1 - FalseDiscovery.DEFAULT_RATE / 2);

    /** Each of {@code windows} with enough of its season before it, with its one-sided p-value of a drop. */
    private static void judge(
            List<WindowStats> windows,
            SeasonalBaseline.Season season,
            ToDoubleFunction<WindowStats> value,
            ToDoubleFunction<WindowStats> standardError,
            FindingKind kind,
            List<Judged> judged) {
        List<SeasonalBaseline.Point> points = windows.stream()
                .map(w -> new SeasonalBaseline.Point(w.start(), value.applyAsDouble(w), standardError.applyAsDouble(w)))
                .toList();
        for (int i = 0; i < points.size(); i++) {
            SeasonalBaseline.Point point = points.get(i);
            SeasonalBaseline.Expectation e = SeasonalBaseline.judge(points.subList(0, i), point, season, Z);
            if (!Double.isNaN(e.pValue())) {
                // half the two-sided p below the expectation; a rise is no loss
                double p = point.value() < e.expected() ? e.pValue() / 2 : 1 - e.pValue() / 2;
                judged.add(new Judged(kind, point.start(), point.value(), e, p));
            }
        }
    }
}
