package dev.verity.drift;

/**
 * Wasserstein-1 distance (SciPy's {@code wasserstein_distance}) divided by the reference's
 * population standard deviation, as Evidently normalises it; a constant reference divides by
 * 0.001 instead (Evidently's floor), so a shift still shows.
 */
public final class Wasserstein extends BaseDriftTest {

    public Wasserstein() {
        super("wasserstein", 0.1, Direction.STATISTIC_ABOVE, FeatureKind.NUMERIC);
    }

    static final double MIN_STD = 0.001;

    @Override
    Outcome compareNumbers(NumericComparison c) {
        return Outcome.distance(c.wassersteinDistance() / Math.max(c.referenceStd(), MIN_STD));
    }

    /** The area between the two empirical CDFs. */
    static double distance(NumericDistribution a, NumericDistribution b) {
        // Between consecutive values x_k < x_k+1 the CDFs are flat at their values at x_k.
        double[] state = {0, Double.NaN, 0}; // area, previous value, gap at the previous value
        NumericDistribution.walkUnion(a, b, (x, fa, fb) -> {
            if (!Double.isNaN(state[1])) {
                state[0] += (x - state[1]) * state[2];
            }
            state[1] = x;
            state[2] = Math.abs(fa - fb);
        });
        return state[0];
    }
}
