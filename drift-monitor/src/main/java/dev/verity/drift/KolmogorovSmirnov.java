package dev.verity.drift;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import java.util.Set;

/**
 * Two-sample Kolmogorov-Smirnov: D = sup |F_ref - F_cur|, with SciPy's asymptotic p-value
 * ({@code ks_2samp(method="asymp")}: the Kolmogorov distribution of n = round(m n / (m + n))).
 */
public final class KolmogorovSmirnov implements DriftTest {

    @Override
    public String name() {
        return "ks";
    }

    @Override
    public Set<FeatureKind> kinds() {
        return Set.of(FeatureKind.NUMERIC);
    }

    @Override
    public double defaultThreshold() {
        return 0.05;
    }

    @Override
    public Direction direction() {
        return Direction.P_VALUE_BELOW;
    }

    @Override
    public Outcome numeric(NumericComparison c) {
        if (c.referenceTotal() == 0 || c.currentTotal() == 0) {
            return Outcome.undefined(Distances.emptySide(c.referenceTotal(), c.currentTotal()));
        }
        double d = c.ksStatistic();
        double m = c.referenceTotal();
        double n = c.currentTotal();
        int effective = (int) Math.max(1, Math.round(m * n / (m + n)));
        double p = d == 0 ? 1.0 : 1.0 - new KolmogorovSmirnovTest().cdf(d, effective);
        return Outcome.test(d, Math.min(1.0, Math.max(0.0, p)));
    }

    /** The largest gap between the two empirical CDFs, checked at every distinct value. */
    static double statistic(NumericDistribution a, NumericDistribution b) {
        double d = 0;
        int i = 0;
        int j = 0;
        long belowA = 0;
        long belowB = 0;
        while (i < a.distinct() || j < b.distinct()) {
            double x = j >= b.distinct() || (i < a.distinct() && a.value(i) <= b.value(j)) ? a.value(i) : b.value(j);
            if (i < a.distinct() && a.value(i) == x) {
                belowA += a.count(i++);
            }
            if (j < b.distinct() && b.value(j) == x) {
                belowB += b.count(j++);
            }
            d = Math.max(d, Math.abs((double) belowA / a.total() - (double) belowB / b.total()));
        }
        return d;
    }
}
