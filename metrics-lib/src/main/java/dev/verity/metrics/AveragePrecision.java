package dev.verity.metrics;

/**
 * Average precision as scikit-learn's {@code average_precision_score}: the sum over distinct
 * score thresholds, highest first, of (recall gained at the threshold) x (precision there).
 * Tied scores form one threshold, so no interpolation is involved.
 */
public final class AveragePrecision {
    static final MetricValue NO_POSITIVES = MetricValue.undefined(BinaryMetrics.PR_AUC, "no positive labels");

    private AveragePrecision() {}

    /** @param pos positives' scores sorted ascending (first {@code m} used); likewise {@code neg} */
    public static MetricValue compute(double[] pos, int m, double[] neg, int n) {
        if (m == 0) {
            return NO_POSITIVES;
        }
        int i = m - 1;
        int j = n - 1;
        long tp = 0;
        long fp = 0;
        double ap = 0;
        while (i >= 0) {
            double threshold = j >= 0 ? Math.max(pos[i], neg[j]) : pos[i];
            long newTp = 0;
            while (i >= 0 && pos[i] == threshold) {
                newTp++;
                i--;
            }
            while (j >= 0 && neg[j] == threshold) {
                fp++;
                j--;
            }
            tp += newTp;
            ap += (double) newTp / m * ((double) tp / (tp + fp));
        }
        return MetricValue.of(BinaryMetrics.PR_AUC, ap);
    }
}
