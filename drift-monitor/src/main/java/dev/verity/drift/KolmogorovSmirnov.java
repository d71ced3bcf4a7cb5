package dev.verity.drift;

/**
 * Two-sample Kolmogorov-Smirnov: D = sup |F_ref - F_cur|, with SciPy's asymptotic p-value
 * ({@code ks_2samp(method="asymp")}: the Kolmogorov distribution of n = round(m n / (m + n)),
 * {@link KolmogorovDistribution#sf}).
 */
public final class KolmogorovSmirnov extends BaseDriftTest {

    public KolmogorovSmirnov() {
        super("ks", 0.05, Direction.P_VALUE_BELOW, FeatureKind.NUMERIC);
    }

    @Override
    Outcome compareNumbers(NumericComparison c) {
        double d = c.ksStatistic();
        double m = c.referenceTotal();
        double n = c.currentTotal();
        long effective = Math.max(1, Math.round(m * n / (m + n)));
        return Outcome.test(d, d == 0 ? 1.0 : KolmogorovDistribution.sf(d, effective));
    }

    /** The largest gap between the two empirical CDFs, checked at every distinct value. */
    static double statistic(NumericDistribution a, NumericDistribution b) {
        double[] d = {0};
        NumericDistribution.walkUnion(a, b, (x, fa, fb) -> d[0] = Math.max(d[0], Math.abs(fa - fb)));
        return d[0];
    }
}
