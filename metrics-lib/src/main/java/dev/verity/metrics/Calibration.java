package dev.verity.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How far a binary model's scores are from probabilities: the calibration ratio, normalized
 * entropy, and the expected calibration error over equal-mass bins with its reliability curve.
 *
 * <p>The bins are scikit-learn's {@code calibration_curve(strategy="quantile")}: the edges are
 * {@code numpy.percentile} of the scores at 0, 1/B, ..., 1 (linear interpolation) and a score
 * equal to an edge falls in the lower bin. With x(0) <= ... <= x(N-1) the sorted scores, the
 * edge j lies in [x(k), x(k+1)] for k = floor(j (N-1) / B), and a score s is above it exactly
 * when s > x(k). A run of tied scores starting at rank r (r rows score lower) is therefore in bin
 * #{j in 1..B-1 : floor(j (N-1) / B) < r}, a function of r and N alone: the sorted-counts engine
 * knows both from its offsets, so the bins are exact and need no pass of their own. (This is
 * the exact-arithmetic reading; numpy's rounding can move a score that equals an edge whose
 * position is a whole number.)
 */
public final class Calibration {
    public static final int DEFAULT_BINS = 10;
    /** More bins than this would each hold too few rows to mean anything and bloat the store. */
    public static final int MAX_BINS = 100;

    private final int bins;
    private final double[] scoreSum;
    private final long[] positives;
    private final long[] rows;

    public Calibration(int bins) {
        checkBins(bins);
        this.bins = bins;
        this.scoreSum = new double[bins];
        this.positives = new long[bins];
        this.rows = new long[bins];
    }

    static void checkBins(int bins) {
        if (bins < 1 || bins > MAX_BINS) {
            throw new IllegalArgumentException("calibration bins must be in 1.." + MAX_BINS + ", got " + bins);
        }
    }

    /** The bin (0-based) of a run whose lowest rank is {@code rowsBelow} in a group of {@code groupRows}. */
    int bin(long rowsBelow, long groupRows) {
        if (rowsBelow == 0 || groupRows <= 1) {
            return 0;
        }
        // #{j >= 1 : j (N-1) < r B} = ceil(r B / (N-1)) - 1
        return (int) Math.min(bins - 1, (rowsBelow * bins - 1) / (groupRows - 1));
    }

    /** Adds the {@code pos + neg} rows scoring {@code score}, {@code rowsBelow} of the group's rows scoring lower. */
    void add(double score, long pos, long neg, long rowsBelow, long groupRows) {
        int b = bin(rowsBelow, groupRows);
        scoreSum[b] += (pos + neg) * score;
        positives[b] += pos;
        rows[b] += pos + neg;
    }

    void merge(Calibration other) {
        if (other.bins != bins) {
            throw new IllegalArgumentException("cannot merge " + bins + " and " + other.bins + " calibration bins");
        }
        for (int b = 0; b < bins; b++) {
            scoreSum[b] += other.scoreSum[b];
            positives[b] += other.positives[b];
            rows[b] += other.rows[b];
        }
    }

    /**
     * The expected calibration error, then the reliability curve: for each bin holding rows
     * (numbered from 1), its mean score, positive rate and row count.
     */
    List<MetricValue> compute() {
        long total = Arrays.stream(rows).sum();
        List<MetricValue> out = new ArrayList<>();
        if (total == 0) {
            out.add(MetricValue.undefined(BinaryMetrics.ECE, "no labelled row"));
            return out;
        }
        double ece = 0;
        List<MetricValue> curve = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (rows[b] == 0) {
                continue;
            }
            double meanScore = scoreSum[b] / rows[b];
            double positiveRate = (double) positives[b] / rows[b];
            ece += rows[b] * Math.abs(meanScore - positiveRate) / total;
            curve.add(MetricValue.of(BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_SCORE, b + 1), meanScore));
            curve.add(MetricValue.of(
                    BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_POSITIVE_RATE, b + 1), positiveRate));
            curve.add(MetricValue.of(BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_ROWS, b + 1), rows[b]));
        }
        out.add(MetricValue.of(BinaryMetrics.ECE, ece));
        out.addAll(curve);
        return out;
    }

    /** Sum of scores over sum of labels (TFMA's calibration): above 1 over-predicts. */
    static MetricValue ratio(double scoreSum, long positives) {
        return positives == 0
                ? MetricValue.undefined(BinaryMetrics.CALIBRATION_RATIO, "no positive label")
                : MetricValue.of(BinaryMetrics.CALIBRATION_RATIO, scoreSum / positives);
    }

    /** Log loss over the entropy of the base rate (natural logs): below 1 beats predicting the base rate. */
    static MetricValue normalizedEntropy(double logLoss, long positives, long negatives) {
        return normalized(BinaryMetrics.NORMALIZED_ENTROPY, logLoss, positives, negatives);
    }

    /** {@code value} over the entropy of the base rate, named {@code name}; undefined with one class. */
    static MetricValue normalized(String name, double value, long positives, long negatives) {
        if (positives == 0 || negatives == 0) {
            return MetricValue.undefined(name, "one class in the slice");
        }
        double p = (double) positives / (positives + negatives);
        double entropy = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
        return MetricValue.of(name, value / entropy);
    }

    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(bins);
        for (int b = 0; b < bins; b++) {
            out.writeDouble(scoreSum[b]);
            out.writeLong(positives[b]);
            out.writeLong(rows[b]);
        }
    }

    static Calibration read(java.io.DataInputStream in) throws java.io.IOException {
        Calibration c = new Calibration(in.readInt());
        for (int b = 0; b < c.bins; b++) {
            c.scoreSum[b] = in.readDouble();
            c.positives[b] = in.readLong();
            c.rows[b] = in.readLong();
        }
        return c;
    }
}
