package dev.verity.metrics;

import java.util.Arrays;

/**
 * Two scores of the same labelled rows compared by ROC AUC with DeLong's paired test (DeLong,
 * DeLong and Clarke-Pearson 1988): the variance of AUC(b) - AUC(a) takes the covariance of the
 * two AUCs' structural components into account, so that a small but consistent improvement on
 * the same traffic is told apart from noise.
 */
public final class PairedAuc {
    private PairedAuc() {}

    /** How the candidate {@code b} compares with the baseline {@code a} at the 95% level. */
    public enum Verdict {
        BETTER,
        WORSE,
        INDISTINGUISHABLE
    }

    /**
     * @param aucA baseline AUC, null when undefined
     * @param delta AUC(b) - AUC(a); null (with {@code reason}) when undefined
     * @param pValue two-sided p-value of "no difference"
     */
    public record Comparison(
            long positives,
            long negatives,
            Double aucA,
            Double aucB,
            Double delta,
            Double ciLow,
            Double ciHigh,
            Double pValue,
            Verdict verdict,
            String reason) {}

    /**
     * @param labels 0 or 1 per row
     * @param a baseline score per row
     * @param b candidate score per row, same rows in the same order
     */
    public static Comparison compare(double[] labels, double[] a, double[] b, int rows) {
        int m = 0;
        for (int i = 0; i < rows; i++) {
            m += labels[i] == 1 ? 1 : 0;
        }
        int n = rows - m;
        if (m == 0 || n == 0) {
            return new Comparison(
                    m,
                    n,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "only one class (" + m + " positive, " + n + " negative rows)");
        }
        double[][] v10 = new double[2][];
        double[][] v01 = new double[2][];
        double[] auc = new double[2];
        double[][] scores = {a, b};
        for (int r = 0; r < 2; r++) {
            double[] pos = new double[m];
            double[] neg = new double[n];
            split(labels, scores[r], rows, pos, neg);
            v10[r] = placements(pos, sorted(neg), false);
            v01[r] = placements(neg, sorted(pos), true);
            auc[r] = mean(v10[r]);
        }
        double delta = auc[1] - auc[0];
        if (m < 2 || n < 2) {
            return new Comparison(
                    m,
                    n,
                    auc[0],
                    auc[1],
                    delta,
                    null,
                    null,
                    null,
                    null,
                    "the paired DeLong test needs at least 2 rows of each class (" + m + " positive, " + n
                            + " negative)");
        }
        double variance = differenceVariance(v10, auc) / m + differenceVariance(v01, auc) / n;
        if (!(variance > 0)) {
            // Both scores order every positive-negative pair alike: no sampling noise in the difference.
            return new Comparison(
                    m,
                    n,
                    auc[0],
                    auc[1],
                    delta,
                    delta,
                    delta,
                    delta == 0 ? 1.0 : 0.0,
                    delta == 0 ? Verdict.INDISTINGUISHABLE : delta > 0 ? Verdict.BETTER : Verdict.WORSE,
                    null);
        }
        double se = Math.sqrt(variance);
        double low = delta - RocAuc.Z_95 * se;
        double high = delta + RocAuc.Z_95 * se;
        double p = RocAuc.twoSidedPValue(delta, se);
        Verdict verdict = low > 0 ? Verdict.BETTER : high < 0 ? Verdict.WORSE : Verdict.INDISTINGUISHABLE;
        return new Comparison(m, n, auc[0], auc[1], delta, low, high, p, verdict, null);
    }

    private static void split(double[] labels, double[] scores, int rows, double[] pos, double[] neg) {
        int p = 0;
        int q = 0;
        for (int i = 0; i < rows; i++) {
            if (labels[i] == 1) {
                pos[p++] = scores[i];
            } else {
                neg[q++] = scores[i];
            }
        }
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * Per element x of {@code rowsOf}, in its own row order: the share of {@code sortedOther}
     * below x (above x when {@code above}) plus half the share equal to x.
     */
    private static double[] placements(double[] rowsOf, double[] sortedOther, boolean above) {
        int size = sortedOther.length;
        double[] out = new double[rowsOf.length];
        for (int i = 0; i < rowsOf.length; i++) {
            int lo = firstAtLeast(sortedOther, rowsOf[i], false);
            int hi = firstAtLeast(sortedOther, rowsOf[i], true);
            double strict = above ? size - hi : lo;
            out[i] = (strict + 0.5 * (hi - lo)) / size;
        }
        return out;
    }

    /** First index whose value is >= x, or > x when {@code strictly}. */
    private static int firstAtLeast(double[] sorted, double x, boolean strictly) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x || (strictly && sorted[mid] == x)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Sample variance of (component b - component a): var(a) + var(b) - 2 cov(a, b). */
    private static double differenceVariance(double[][] components, double[] auc) {
        int k = components[0].length;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double d = (components[1][i] - auc[1]) - (components[0][i] - auc[0]);
            sum += d * d;
        }
        return sum / (k - 1);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
