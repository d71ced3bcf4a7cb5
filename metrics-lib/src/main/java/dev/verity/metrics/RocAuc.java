package dev.verity.metrics;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Exact ROC AUC with tied scores given half credit (as scikit-learn's {@code roc_auc_score}) and
 * its 95% DeLong interval, from the sorted scores of the positives and the negatives.
 *
 * <p>The DeLong structural components are V10(x) = P(Y &lt; x) + P(Y = x)/2 for each positive x
 * and V01(y) = P(X &gt; y) + P(X = y)/2 for each negative y. Sun and Xu (2014) obtain them from
 * midranks in O(n log n); with both classes already sorted, two pointer walks give the same
 * counts in O(n), so the sort is the only n log n step.
 */
public final class RocAuc {
    /** The 97.5% standard normal quantile. */
    public static final double Z_95 = 1.959964;

    public static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /** The two-sided p-value of "no difference" for a difference {@code delta} with standard error {@code se} > 0. */
    static double twoSidedPValue(double delta, double se) {
        return 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(delta) / se);
    }

    private RocAuc() {}

    /** @param se the DeLong standard error, unclipped (what an unpaired comparison adds in quadrature) */
    public record Result(MetricValue auc, MetricValue ciLow, MetricValue ciHigh, MetricValue se) {}

    /** @param pos positives' scores sorted ascending (first {@code m} used); likewise {@code neg} */
    public static Result compute(double[] pos, int m, double[] neg, int n) {
        if (m == 0 || n == 0) {
            return oneClass(m, n);
        }
        double[] v10 = placements(pos, m, neg, n, false);
        double[] v01 = placements(neg, n, pos, m, true);
        double auc = mean(v10);
        double variance = m < 2 || n < 2 ? Double.NaN : sampleVariance(v10, auc) / m + sampleVariance(v01, auc) / n;
        return withInterval(auc, variance, m, n);
    }

    /**
     * The AUC and its interval from the DeLong variance (NaN when a class has fewer than 2 rows),
     * with the reasons every engine gives for what is undefined.
     */
    static Result withInterval(double auc, double variance, long m, long n) {
        MetricValue aucValue = MetricValue.of(BinaryMetrics.AUC, auc);
        if (m < 2 || n < 2) {
            String reason =
                    "the DeLong interval needs at least 2 rows of each class (" + m + " positive, " + n + " negative)";
            return new Result(
                    aucValue,
                    MetricValue.undefined(BinaryMetrics.AUC_CI_LOW, reason),
                    MetricValue.undefined(BinaryMetrics.AUC_CI_HIGH, reason),
                    MetricValue.undefined(BinaryMetrics.AUC_SE, reason));
        }
        double se = Math.sqrt(variance);
        double half = Z_95 * se;
        return new Result(
                aucValue,
                MetricValue.of(BinaryMetrics.AUC_CI_LOW, Math.max(0.0, auc - half)),
                MetricValue.of(BinaryMetrics.AUC_CI_HIGH, Math.min(1.0, auc + half)),
                MetricValue.of(BinaryMetrics.AUC_SE, se));
    }

    /** The result when one class is absent. */
    static Result oneClass(long m, long n) {
        String reason = "only one class (" + m + " positive, " + n + " negative rows)";
        return new Result(
                MetricValue.undefined(BinaryMetrics.AUC, reason),
                MetricValue.undefined(BinaryMetrics.AUC_CI_LOW, reason),
                MetricValue.undefined(BinaryMetrics.AUC_CI_HIGH, reason),
                MetricValue.undefined(BinaryMetrics.AUC_SE, reason));
    }

    /** The AUC alone, for callers that need no interval. Null when one class is absent. */
    public static Double auc(double[] sortedPos, int m, double[] sortedNeg, int n) {
        return compute(sortedPos, m, sortedNeg, n).auc().value();
    }

    /**
     * For each element x of {@code a}, the share of {@code b} strictly below x (or, when
     * {@code above}, strictly above x), plus half the share equal to x.
     */
    static double[] placements(double[] a, int na, double[] b, int nb, boolean above) {
        double[] out = new double[na];
        int lo = 0; // first index of b with b[lo] >= a[i]
        int hi = 0; // first index of b with b[hi] > a[i]
        for (int i = 0; i < na; i++) {
            double x = a[i];
            while (lo < nb && b[lo] < x) {
                lo++;
            }
            if (hi < lo) {
                hi = lo;
            }
            while (hi < nb && b[hi] <= x) {
                hi++;
            }
            double ties = hi - lo;
            double strict = above ? nb - hi : lo;
            out[i] = (strict + 0.5 * ties) / nb;
        }
        return out;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double sampleVariance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
