package dev.verity.drift;

import java.util.Set;

/**
 * Wasserstein-1 distance (SciPy's {@code wasserstein_distance}) divided by the reference's
 * population standard deviation, as Evidently normalises it; a constant reference divides by
 * 0.001 instead (Evidently's floor), so a shift still shows.
 */
public final class Wasserstein implements DriftTest {
    static final double MIN_STD = 0.001;

    @Override
    public String name() {
        return "wasserstein";
    }

    @Override
    public Set<FeatureKind> kinds() {
        return Set.of(FeatureKind.NUMERIC);
    }

    @Override
    public double defaultThreshold() {
        return 0.1;
    }

    @Override
    public Direction direction() {
        return Direction.STATISTIC_ABOVE;
    }

    @Override
    public Outcome numeric(NumericComparison c) {
        if (c.referenceTotal() == 0 || c.currentTotal() == 0) {
            return Outcome.undefined(Distances.emptySide(c.referenceTotal(), c.currentTotal()));
        }
        return Outcome.distance(c.wassersteinDistance() / Math.max(c.referenceStd(), MIN_STD));
    }

    /** The area between the two empirical CDFs. */
    static double distance(NumericDistribution a, NumericDistribution b) {
        double area = 0;
        int i = 0;
        int j = 0;
        long belowA = 0;
        long belowB = 0;
        double previous = Double.NaN;
        while (i < a.distinct() || j < b.distinct()) {
            double x = j >= b.distinct() || (i < a.distinct() && a.value(i) <= b.value(j)) ? a.value(i) : b.value(j);
            if (!Double.isNaN(previous)) {
                area += (x - previous) * Math.abs((double) belowA / a.total() - (double) belowB / b.total());
            }
            if (i < a.distinct() && a.value(i) == x) {
                belowA += a.count(i++);
            }
            if (j < b.distinct() && b.value(j) == x) {
                belowB += b.count(j++);
            }
            previous = x;
        }
        return area;
    }
}
