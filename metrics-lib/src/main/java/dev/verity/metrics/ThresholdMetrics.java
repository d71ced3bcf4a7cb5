package dev.verity.metrics;

import java.util.List;

/** Precision, recall, F1 and accuracy with a row predicted positive when {@code score >= threshold}. */
public final class ThresholdMetrics {
    private ThresholdMetrics() {}

    /** @param pos positives' scores sorted ascending (first {@code m} used); likewise {@code neg} */
    public static List<MetricValue> compute(double[] pos, int m, double[] neg, int n, double threshold) {
        return fromCounts(m - firstAtLeast(pos, m, threshold), n - firstAtLeast(neg, n, threshold), m, n, threshold);
    }

    /** From the true and false positives at the threshold among {@code m} positives and {@code n} negatives. */
    static List<MetricValue> fromCounts(long tp, long fp, long m, long n, double threshold) {
        long tn = n - fp;
        MetricValue precision = tp + fp == 0
                ? MetricValue.undefined(BinaryMetrics.PRECISION, "no predicted positives at threshold " + threshold)
                : MetricValue.of(BinaryMetrics.PRECISION, (double) tp / (tp + fp));
        MetricValue recall = m == 0
                ? MetricValue.undefined(BinaryMetrics.RECALL, "no positive labels")
                : MetricValue.of(BinaryMetrics.RECALL, (double) tp / m);
        MetricValue f1;
        if (!precision.isDefined() || !recall.isDefined()) {
            f1 = MetricValue.undefined(BinaryMetrics.F1, "precision or recall is undefined");
        } else {
            double p = precision.value();
            double r = recall.value();
            f1 = MetricValue.of(BinaryMetrics.F1, p + r == 0 ? 0.0 : 2 * p * r / (p + r));
        }
        MetricValue accuracy = MetricValue.of(BinaryMetrics.ACCURACY, (double) (tp + tn) / (m + n));
        return List.of(precision, recall, f1, accuracy);
    }

    /** The index of the first of the first {@code size} sorted values that is >= {@code x}. */
    private static int firstAtLeast(double[] sorted, int size, double x) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
