package dev.verity.metrics;

/**
 * A candidate's metric against a baseline's when the two served different rows (a canary on a
 * share of the traffic): the two estimates are independent, so the difference's variance is the
 * sum of their squared standard errors (for AUC the DeLong ones: the unpaired DeLong test). The
 * verdict is at the 95% level, two-sided; the minimum detectable difference is the true
 * difference this test would find with 80% power at these standard errors,
 * (z_0.975 + z_0.8) x the difference's standard error.
 *
 * @param delta        candidate minus baseline
 * @param verdict      better / worse in the metric's own direction, or indistinguishable
 * @param minDetectable the smallest |difference| found 80% of the time at these row counts
 */
public record UnpairedComparison(
        double baseline,
        double candidate,
        double delta,
        double ciLow,
        double ciHigh,
        double pValue,
        PairedAuc.Verdict verdict,
        double minDetectable) {
    /** The standard normal's 80% quantile: the power the minimum detectable difference is for. */
    public static final double Z_80 = RocAuc.STANDARD_NORMAL.inverseCumulativeProbability(0.8);

    public static UnpairedComparison of(
            double baseline, double baselineSe, double candidate, double candidateSe, boolean higherIsBetter) {
        if (!(baselineSe >= 0) || !(candidateSe >= 0)) {
            throw new IllegalArgumentException("standard errors must be >= 0, got " + baselineSe + ", " + candidateSe);
        }
        double delta = candidate - baseline;
        double se = Math.sqrt(baselineSe * baselineSe + candidateSe * candidateSe);
        double low = delta - RocAuc.Z_95 * se;
        double high = delta + RocAuc.Z_95 * se;
        double p = se == 0 ? (delta == 0 ? 1.0 : 0.0) : RocAuc.twoSidedPValue(delta, se);
        boolean above = se == 0 ? delta > 0 : low > 0;
        boolean below = se == 0 ? delta < 0 : high < 0;
        PairedAuc.Verdict verdict = above
                ? (higherIsBetter ? PairedAuc.Verdict.BETTER : PairedAuc.Verdict.WORSE)
                : below
                        ? (higherIsBetter ? PairedAuc.Verdict.WORSE : PairedAuc.Verdict.BETTER)
                        : PairedAuc.Verdict.INDISTINGUISHABLE;
        return new UnpairedComparison(baseline, candidate, delta, low, high, p, verdict, (RocAuc.Z_95 + Z_80) * se);
    }
}
