package dev.verity.metrics;

import dev.verity.metrics.internal.Bytes;
import dev.verity.metrics.internal.DoubleList;
import dev.verity.metrics.internal.StateFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact state of a binary classifier's labelled rows: the scores of the positives and of the
 * negatives. Exact ROC AUC, its DeLong interval and average precision need every score, so this
 * state keeps them (8 bytes a row); merging concatenates. Every metric is computed from the two
 * sorted score arrays, so the result does not depend on the order in which states were merged.
 */
public final class BinaryState implements MetricState<BinaryState> {
    private static final long serialVersionUID = 1L;

    /** 3: with the family byte; 2, from before it, still reads. */
    private static final byte FORMAT = 3;

    private final double threshold;
    private final int calibrationBins;
    private DoubleList positives = new DoubleList();
    private DoubleList negatives = new DoubleList();
    private long invalid;

    /** @param threshold a row is predicted positive when {@code score >= threshold} */
    public BinaryState(double threshold) {
        this(threshold, Calibration.DEFAULT_BINS);
    }

    /** @param calibrationBins equal-mass bins of the expected calibration error */
    public BinaryState(double threshold, int calibrationBins) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        Calibration.checkBins(calibrationBins);
        this.threshold = threshold;
        this.calibrationBins = calibrationBins;
    }

    /**
     * Adds one labelled row. A score outside [0, 1] (NaN included) or a label other than 0 or 1 is
     * counted as invalid; any invalid row makes every metric undefined rather than silently dropped.
     */
    public BinaryState add(double score, double label) {
        if (!(score >= 0.0 && score <= 1.0) || !(label == 0.0 || label == 1.0)) {
            invalid++;
        } else if (label == 1.0) {
            positives.add(score);
        } else {
            negatives.add(score);
        }
        return this;
    }

    @Override
    public BinaryState merge(BinaryState other) {
        if (other == this) {
            throw new IllegalArgumentException("a state cannot merge with itself");
        }
        if (other.threshold != threshold || other.calibrationBins != calibrationBins) {
            throw new IllegalArgumentException("cannot merge states with thresholds and bins " + threshold + "/"
                    + calibrationBins + " and " + other.threshold + "/" + other.calibrationBins);
        }
        positives.addAll(other.positives);
        negatives.addAll(other.negatives);
        invalid += other.invalid;
        return this;
    }

    @Override
    public long count() {
        return (long) positives.size() + negatives.size();
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public List<MetricValue> compute() {
        if (invalid > 0) {
            return allUndefined(invalid + " rows with a score outside [0, 1] or a label other than 0/1");
        }
        if (count() == 0) {
            return allUndefined("no labelled rows");
        }
        positives.sort();
        negatives.sort();
        double[] pos = positives.array();
        double[] neg = negatives.array();
        int m = positives.size();
        int n = negatives.size();
        double total = m + n;

        List<MetricValue> out = new ArrayList<>(BinaryMetrics.NAMES.size());
        RocAuc.Result roc = RocAuc.compute(pos, m, neg, n);
        out.add(roc.auc());
        out.add(roc.ciLow());
        out.add(roc.ciHigh());
        out.add(AveragePrecision.compute(pos, m, neg, n));
        double logLoss = logLossSum(pos, m, neg, n);
        double brier = brierSum(pos, m, neg, n);
        out.add(MetricValue.of(BinaryMetrics.LOG_LOSS, logLoss / total));
        out.add(MetricValue.of(BinaryMetrics.BRIER, brier / total));
        out.addAll(ThresholdMetrics.compute(pos, m, neg, n, threshold));
        out.add(MetricValue.of(BinaryMetrics.POSITIVE_RATE, m / total));
        double scoreSum = sum(pos, m) + sum(neg, n);
        out.add(MetricValue.of(BinaryMetrics.MEAN_SCORE, scoreSum / total));
        out.add(Calibration.ratio(scoreSum, m));
        out.add(Calibration.normalizedEntropy(logLoss / total, m, n));
        out.addAll(standardErrors(
                roc, logLoss, logLossSquares(pos, m, neg, n), brier, brierSquares(pos, m, neg, n), m, n));
        out.addAll(calibration(pos, m, neg, n).compute());
        return out;
    }

    /**
     * The standard errors of AUC (DeLong), log loss, Brier and normalized entropy (the log loss's
     * over the base rate's entropy: the base rate taken as known, as NE's definition takes it).
     */
    static List<MetricValue> standardErrors(
            RocAuc.Result roc,
            double logLossSum,
            double logLossSquares,
            double brierSum,
            double brierSquares,
            long m,
            long n) {
        MetricValue logLossSe = StandardError.ofMean(BinaryMetrics.LOG_LOSS_SE, logLossSum, logLossSquares, m + n);
        MetricValue neSe = logLossSe.isDefined()
                ? Calibration.normalized(BinaryMetrics.NORMALIZED_ENTROPY_SE, logLossSe.value(), m, n)
                : MetricValue.undefined(BinaryMetrics.NORMALIZED_ENTROPY_SE, logLossSe.reason());
        return List.of(
                roc.se(), logLossSe, StandardError.ofMean(BinaryMetrics.BRIER_SE, brierSum, brierSquares, m + n), neSe);
    }

    /** The calibration bins filled from the sorted scores, walked as runs of ties like the sorted-counts engine. */
    private Calibration calibration(double[] pos, int m, double[] neg, int n) {
        Calibration calibration = new Calibration(calibrationBins);
        long total = (long) m + n;
        int i = 0;
        int j = 0;
        while (i < m || j < n) {
            double score =
                    Math.min(i < m ? pos[i] : Double.POSITIVE_INFINITY, j < n ? neg[j] : Double.POSITIVE_INFINITY);
            long below = i + j;
            int runPos = 0;
            int runNeg = 0;
            for (; i < m && pos[i] == score; i++) {
                runPos++;
            }
            for (; j < n && neg[j] == score; j++) {
                runNeg++;
            }
            calibration.add(score, runPos, runNeg, below, total);
        }
        return calibration;
    }

    static List<MetricValue> allUndefined(String reason) {
        List<MetricValue> out = new ArrayList<>(BinaryMetrics.NAMES.size());
        for (String name : BinaryMetrics.NAMES) {
            out.add(MetricValue.undefined(name, reason));
        }
        return out;
    }

    private static final double EPS = 1e-15;

    /** The score as log loss uses it: clipped to [1e-15, 1 - 1e-15]. */
    static double clipped(double score) {
        return Math.min(Math.max(score, EPS), 1 - EPS);
    }

    private static double logLossSum(double[] pos, int m, double[] neg, int n) {
        double loss = 0;
        for (int i = 0; i < m; i++) {
            loss -= Math.log(clipped(pos[i]));
        }
        for (int j = 0; j < n; j++) {
            loss -= Math.log(1 - clipped(neg[j]));
        }
        return loss;
    }

    private static double logLossSquares(double[] pos, int m, double[] neg, int n) {
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double loss = Math.log(clipped(pos[i]));
            sum += loss * loss;
        }
        for (int j = 0; j < n; j++) {
            double loss = Math.log(1 - clipped(neg[j]));
            sum += loss * loss;
        }
        return sum;
    }

    private static double brierSquares(double[] pos, int m, double[] neg, int n) {
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += Math.pow(1 - pos[i], 4);
        }
        for (int j = 0; j < n; j++) {
            sum += Math.pow(neg[j], 4);
        }
        return sum;
    }

    private static double brierSum(double[] pos, int m, double[] neg, int n) {
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += (1 - pos[i]) * (1 - pos[i]);
        }
        for (int j = 0; j < n; j++) {
            sum += neg[j] * neg[j];
        }
        return sum;
    }

    private static double sum(double[] values, int size) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum;
    }

    @Override
    public byte[] toBytes() {
        return Bytes.write(StateFamily.BINARY, FORMAT, out -> {
            out.writeDouble(threshold);
            out.writeInt(calibrationBins);
            out.writeLong(invalid);
            Bytes.writeDoubles(out, positives);
            Bytes.writeDoubles(out, negatives);
        });
    }

    public static BinaryState fromBytes(byte[] bytes) {
        return Bytes.read(bytes, StateFamily.BINARY, FORMAT, "BinaryState", in -> {
            BinaryState state = new BinaryState(in.readDouble(), in.readInt());
            state.invalid = in.readLong();
            state.positives = Bytes.readDoubles(in);
            state.negatives = Bytes.readDoubles(in);
            return state;
        });
    }

    private Object writeReplace() {
        return new SerializedState(StateFamily.BINARY, toBytes());
    }
}
