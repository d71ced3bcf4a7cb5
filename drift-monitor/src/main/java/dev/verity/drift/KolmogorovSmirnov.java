package dev.verity.drift;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov-Smirnov: D = sup |F_ref - F_cur|, with SciPy's asymptotic p-value
 * ({@code ks_2samp(method="asymp")}: the Kolmogorov distribution of n = round(m n / (m + n))).
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
        int effective = (int) Math.max(1, Math.round(m * n / (m + n)));
        double p = d == 0 ? 1.0 : 1.0 - new KolmogorovSmirnovTest().cdf(d, effective);
        return Outcome.test(d, Math.min(1.0, Math.max(0.0, p)));
    }

    /** The largest gap between the two empirical CDFs, checked at every distinct value. */
    static double statistic(NumericDistribution a, NumericDistribution b) {
        double[] d = {0};
        NumericDistribution.walkUnion(a, b, (x, fa, fb) -> d[0] = Math.max(d[0], Math.abs(fa - fb)));
        return d[0];
    }
}
