package dev.verity.metrics;

import dev.verity.metrics.internal.Bytes;
import dev.verity.metrics.internal.StateFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact binary metrics of one group from its score runs, without holding the group's rows:
 * a run is one distinct score with its count of positives and negatives (ties compress for
 * free), and runs are walked in ascending score order, possibly split into segments walked by
 * different tasks. Given how many positives and negatives lie below a segment and the group's
 * totals, every quantity is a sum over the segment's runs:
 * <ul>
 *   <li>AUC: each positive at score s scores V10 = (negatives below s + negatives at s / 2) / n;
 *   AUC is their mean, and the DeLong variance uses their spread and that of
 *   V01 = (positives above s + positives at s / 2) / m over the negatives (weighted means and
 *   squared deviations merged with Chan's formula, so segments combine exactly);</li>
 *   <li>average precision: each score with positives adds (positives at s / m) x precision at s,
 *   where precision counts the rows scoring at least s, known from the offsets;</li>
 *   <li>log loss, Brier, mean score and the threshold counts: plain sums.</li>
 * </ul>
 * Segments must hold whole runs (no score is split between two). Partial states of disjoint
 * segments merge in any order into the state of the whole group; {@link #compute()} gives the
 * metrics of {@link BinaryState#compute()}, equal up to summation order.
 */
public final class BinaryCounts implements MetricState<BinaryCounts> {
    private static final long serialVersionUID = 1L;

    /** 3: with the family byte; 2, from before it, still reads. */
    private static final byte FORMAT = 3;

    private final double threshold;
    private long positives;
    private long negatives;
    private long truePositives;
    private long falsePositives;
    private double logLossSum;
    private double logLossSquares;
    private double brierSum;
    private double brierSquares;
    private double scoreSum;
    private double precisionSum;
    /** Weighted mean and summed squared deviation of the unscaled V10 (weights: positives). */
    private double v10Mean;

    private double v10Squares;
    /** The same for the unscaled V01 (weights: negatives). */
    private double v01Mean;

    private double v01Squares;

    private final Calibration calibration;

    /** @param threshold a row is predicted positive when {@code score >= threshold} */
    public BinaryCounts(double threshold) {
        this(threshold, Calibration.DEFAULT_BINS);
    }

    /** @param calibrationBins equal-mass bins of the expected calibration error */
    public BinaryCounts(double threshold, int calibrationBins) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
        this.calibration = new Calibration(calibrationBins);
    }

    private BinaryCounts(double threshold, Calibration calibration) {
        this.threshold = threshold;
        this.calibration = calibration;
    }

    /**
     * Starts a walk over one segment of a group's runs.
     *
     * @param groupPositives  positives of the whole group
     * @param groupNegatives  negatives of the whole group
     * @param positivesBelow  positives of the group scoring below this segment
     * @param negativesBelow  negatives of the group scoring below this segment
     */
    public static Walk walk(
            double threshold,
            int calibrationBins,
            long groupPositives,
            long groupNegatives,
            long positivesBelow,
            long negativesBelow) {
        if (positivesBelow < 0
                || negativesBelow < 0
                || positivesBelow > groupPositives
                || negativesBelow > groupNegatives) {
            throw new IllegalArgumentException("offsets " + positivesBelow + "/" + negativesBelow
                    + " do not fit the group's " + groupPositives + " positives and " + groupNegatives + " negatives");
        }
        return new Walk(
                new BinaryCounts(threshold, calibrationBins),
                groupPositives,
                groupNegatives,
                positivesBelow,
                negativesBelow);
    }

    /** Adds a segment's runs in ascending score order. */
    public static final class Walk {
        private final BinaryCounts state;
        private final long groupPositives;
        private final long groupNegatives;
        private long positivesBelow;
        private long negativesBelow;
        private double lastScore = Double.NEGATIVE_INFINITY;

        private Walk(
                BinaryCounts state,
                long groupPositives,
                long groupNegatives,
                long positivesBelow,
                long negativesBelow) {
            this.state = state;
            this.groupPositives = groupPositives;
            this.groupNegatives = groupNegatives;
            this.positivesBelow = positivesBelow;
            this.negativesBelow = negativesBelow;
        }

        /** One run: every row of the segment with this score; scores must strictly increase. */
        public Walk add(double score, long pos, long neg) {
            if (!(score > lastScore) || !(score >= 0.0 && score <= 1.0)) {
                throw new IllegalArgumentException(
                        "runs must have strictly increasing scores in [0, 1]; got " + score + " after " + lastScore);
            }
            if (pos < 0
                    || neg < 0
                    || pos + neg == 0
                    || positivesBelow + pos > groupPositives
                    || negativesBelow + neg > groupNegatives) {
                throw new IllegalArgumentException(
                        "run at " + score + " with " + pos + "/" + neg + " rows does not fit the group's totals");
            }
            lastScore = score;
            state.addRun(score, pos, neg, positivesBelow, negativesBelow, groupPositives, groupNegatives);
            positivesBelow += pos;
            negativesBelow += neg;
            return this;
        }

        public BinaryCounts result() {
            return state;
        }
    }

    private void addRun(
            double score,
            long pos,
            long neg,
            long positivesBelow,
            long negativesBelow,
            long groupPositives,
            long groupNegatives) {
        if (score >= threshold) {
            truePositives += pos;
            falsePositives += neg;
        }
        double clipped = BinaryState.clipped(score);
        double positiveLoss = -Math.log(clipped);
        double negativeLoss = -Math.log(1 - clipped);
        logLossSum += pos * positiveLoss + neg * negativeLoss;
        logLossSquares += pos * positiveLoss * positiveLoss + neg * negativeLoss * negativeLoss;
        double positiveBrier = (1 - score) * (1 - score);
        double negativeBrier = score * score;
        brierSum += pos * positiveBrier + neg * negativeBrier;
        brierSquares += pos * positiveBrier * positiveBrier + neg * negativeBrier * negativeBrier;
        scoreSum += (pos + neg) * score;
        calibration.add(score, pos, neg, positivesBelow + negativesBelow, groupPositives + groupNegatives);
        if (pos > 0) {
            long atLeastPositive = groupPositives - positivesBelow;
            long atLeast = atLeastPositive + groupNegatives - negativesBelow;
            precisionSum += pos * ((double) atLeastPositive / atLeast);
            double v10 = negativesBelow + neg / 2.0;
            double delta = v10 - v10Mean;
            double weight = positives + pos;
            v10Mean += delta * pos / weight;
            v10Squares += delta * delta * positives * pos / weight;
        }
        if (neg > 0) {
            double v01 = groupPositives - positivesBelow - pos + pos / 2.0;
            double delta = v01 - v01Mean;
            double weight = negatives + neg;
            v01Mean += delta * neg / weight;
            v01Squares += delta * delta * negatives * neg / weight;
        }
        positives += pos;
        negatives += neg;
    }

    @Override
    public BinaryCounts merge(BinaryCounts other) {
        if (other == this) {
            throw new IllegalArgumentException("a state cannot merge with itself");
        }
        if (other.threshold != threshold) {
            throw new IllegalArgumentException(
                    "cannot merge states with thresholds " + threshold + " and " + other.threshold);
        }
        if (other.positives > 0) {
            double delta = other.v10Mean - v10Mean;
            double weight = positives + other.positives;
            v10Squares += other.v10Squares + delta * delta * positives * other.positives / weight;
            v10Mean += delta * other.positives / weight;
        }
        if (other.negatives > 0) {
            double delta = other.v01Mean - v01Mean;
            double weight = negatives + other.negatives;
            v01Squares += other.v01Squares + delta * delta * negatives * other.negatives / weight;
            v01Mean += delta * other.negatives / weight;
        }
        positives += other.positives;
        negatives += other.negatives;
        truePositives += other.truePositives;
        falsePositives += other.falsePositives;
        logLossSum += other.logLossSum;
        logLossSquares += other.logLossSquares;
        brierSum += other.brierSum;
        brierSquares += other.brierSquares;
        scoreSum += other.scoreSum;
        precisionSum += other.precisionSum;
        calibration.merge(other.calibration);
        return this;
    }

    @Override
    public long count() {
        return positives + negatives;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public List<MetricValue> compute() {
        if (count() == 0) {
            return BinaryState.allUndefined("no labelled rows");
        }
        long m = positives;
        long n = negatives;
        double total = m + n;
        List<MetricValue> out = new ArrayList<>(BinaryMetrics.NAMES.size());
        RocAuc.Result roc;
        if (m == 0 || n == 0) {
            roc = RocAuc.oneClass(m, n);
        } else {
            double variance = m < 2 || n < 2
                    ? Double.NaN
                    : v10Squares / ((double) n * n * (m - 1)) / m + v01Squares / ((double) m * m * (n - 1)) / n;
            roc = RocAuc.withInterval(v10Mean / n, variance, m, n);
        }
        out.add(roc.auc());
        out.add(roc.ciLow());
        out.add(roc.ciHigh());
        out.add(m == 0 ? AveragePrecision.NO_POSITIVES : MetricValue.of(BinaryMetrics.PR_AUC, precisionSum / m));
        out.add(MetricValue.of(BinaryMetrics.LOG_LOSS, logLossSum / total));
        out.add(MetricValue.of(BinaryMetrics.BRIER, brierSum / total));
        out.addAll(ThresholdMetrics.fromCounts(truePositives, falsePositives, m, n, threshold));
        out.add(MetricValue.of(BinaryMetrics.POSITIVE_RATE, m / total));
        out.add(MetricValue.of(BinaryMetrics.MEAN_SCORE, scoreSum / total));
        out.add(Calibration.ratio(scoreSum, m));
        out.add(Calibration.normalizedEntropy(logLossSum / total, m, n));
        out.addAll(BinaryState.standardErrors(roc, logLossSum, logLossSquares, brierSum, brierSquares, m, n));
        out.addAll(calibration.compute());
        return out;
    }

    @Override
    public byte[] toBytes() {
        return Bytes.write(StateFamily.BINARY_COUNTS, FORMAT, out -> {
            out.writeDouble(threshold);
            calibration.write(out);
            out.writeLong(positives);
            out.writeLong(negatives);
            out.writeLong(truePositives);
            out.writeLong(falsePositives);
            for (double v : new double[] {
                logLossSum,
                logLossSquares,
                brierSum,
                brierSquares,
                scoreSum,
                precisionSum,
                v10Mean,
                v10Squares,
                v01Mean,
                v01Squares
            }) {
                out.writeDouble(v);
            }
        });
    }

    public static BinaryCounts fromBytes(byte[] bytes) {
        return Bytes.read(bytes, StateFamily.BINARY_COUNTS, FORMAT, "BinaryCounts", in -> {
            BinaryCounts state = new BinaryCounts(in.readDouble(), Calibration.read(in));
            state.positives = in.readLong();
            state.negatives = in.readLong();
            state.truePositives = in.readLong();
            state.falsePositives = in.readLong();
            state.logLossSum = in.readDouble();
            state.logLossSquares = in.readDouble();
            state.brierSum = in.readDouble();
            state.brierSquares = in.readDouble();
            state.scoreSum = in.readDouble();
            state.precisionSum = in.readDouble();
            state.v10Mean = in.readDouble();
            state.v10Squares = in.readDouble();
            state.v01Mean = in.readDouble();
            state.v01Squares = in.readDouble();
            return state;
        });
    }

    private Object writeReplace() {
        return new SerializedState(StateFamily.BINARY_COUNTS, toBytes());
    }
}
