package dev.verity.metrics.estimate;

import dev.verity.metrics.BinaryMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Binary metrics of a window from its scores alone (NannyML's confidence-based performance
 * estimation): with calibrated scores each row's label is a Bernoulli draw with the calibrated
 * probability, so the expected positives at each score stand in for the labels. The window comes
 * as its distinct scores, each with its rows and its positives: expected ones (rows times the
 * calibrated probability) for an estimate, counted ones for the realized value, so both go
 * through one computation.
 *
 * <p>AUC is the Mann-Whitney statistic with mid-ranks (ties count half, as scikit-learn's
 * {@code roc_auc_score}); precision, recall, F1 and accuracy predict positive at
 * {@code score >= threshold}. An estimate's 95% interval is the normal one from the delta
 * method over the labels' Bernoulli variances: it covers the label noise of the window given
 * the calibration, not an error of the calibration itself.
 */
public final class ConfidenceBasedEstimate {
    /** What a stored estimate's metric name starts with: {@code estimated_auc}. */
    public static final String PREFIX = "estimated_";

    public static final String CI_LOW = "_ci_low";
    public static final String CI_HIGH = "_ci_high";

    /** The metrics estimated, by their realized names. */
    public static final List<String> METRICS = List.of(
            BinaryMetrics.AUC, BinaryMetrics.PRECISION, BinaryMetrics.RECALL, BinaryMetrics.F1, BinaryMetrics.ACCURACY);

    /** What a stored flag's name ends with: {@code estimated_auc_relation_changed}, 1 when raised. */
    public static final String RELATION_CHANGED = "_relation_changed";

    /** Every metric name an estimate stores: each estimate, its interval's bounds and its relation flag. */
    public static final List<String> STORED_NAMES = METRICS.stream()
            .flatMap(m -> java.util.stream.Stream.of(
                    PREFIX + m, PREFIX + m + CI_LOW, PREFIX + m + CI_HIGH, PREFIX + m + RELATION_CHANGED))
            .toList();

    private static final double Z = new NormalDistribution().inverseCumulativeProbability(0.975);

    /**
     * One metric: its value (NaN when undefined, e.g. AUC with no expected positives), its
     * standard error from the labels' noise (0 for a realized value) and its 95% interval.
     */
    public record Value(String metric, double value, double se, double ciLow, double ciHigh) {}

    /** The two-sided 99% normal quantile: how far a realized value may stray before the estimate is doubted. */
    private static final double Z_RELATION = new NormalDistribution().inverseCumulativeProbability(0.995);

    /** Fewer labelled rows than this are too few to doubt an estimate by. */
    public static final long MIN_LABELLED = 100;

    /**
     * Whether the labels that did arrive contradict the calibration: the metric realized on the
     * labelled rows is outside the 99% interval of the estimate for those same rows (their label
     * noise given the calibration). CBPE assumes the score-label relation of its reference period
     * still holds; a shift of the features alone it follows, a change in how labels follow scores
     * (concept shift) it cannot see, and this is where that shows. Null when it cannot be told: fewer
     * than {@link #MIN_LABELLED} labelled rows, or a value undefined on either side.
     *
     * @param onLabelled the {@link #estimate} over the labelled rows alone
     * @param realized the {@link #realized} value over the same rows
     */
    public static Boolean relationChanged(Value onLabelled, Value realized, long labelledRows) {
        if (labelledRows < MIN_LABELLED || Double.isNaN(onLabelled.value()) || Double.isNaN(realized.value())) {
            return null;
        }
        return Math.abs(realized.value() - onLabelled.value()) > Z_RELATION * onLabelled.se();
    }

    private final double[] scores;
    private final long[] rows;
    private final double[] positives;
    private final double[] variances;
    private final double threshold;

    private ConfidenceBasedEstimate(
            double[] scores, long[] rows, double[] positives, double[] variances, double threshold) {
        this.scores = scores;
        this.rows = rows;
        this.positives = positives;
        this.variances = variances;
        this.threshold = threshold;
    }

    /**
     * The estimate from each distinct score's rows and calibrated probability of a positive.
     *
     * @param scores distinct scores, in any order
     */
    public static List<Value> estimate(double[] scores, long[] rows, double[] probabilities, double threshold) {
        double[] expected = new double[scores.length];
        double[] variances = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1)) {
                throw new IllegalArgumentException("a probability must be in [0, 1]: " + probabilities[i]);
            }
            expected[i] = rows[i] * probabilities[i];
            variances[i] = expected[i] * (1 - probabilities[i]);
        }
        return sorted(scores, rows, expected, variances, threshold).values();
    }

    /** The realized metrics from each distinct score's labelled rows and their positives. */
    public static List<Value> realized(double[] scores, long[] rows, long[] positives, double threshold) {
        double[] counted = Arrays.stream(positives).asDoubleStream().toArray();
        return sorted(scores, rows, counted, new double[scores.length], threshold)
                .values();
    }

    private static ConfidenceBasedEstimate sorted(
            double[] scores, long[] rows, double[] positives, double[] variances, double threshold) {
        if (rows.length != scores.length || positives.length != scores.length) {
            throw new IllegalArgumentException("scores, rows and positives differ in length");
        }
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        for (int k = 1; k < order.length; k++) {
            if (scores[order[k]] == scores[order[k - 1]]) {
                throw new IllegalArgumentException("scores must be distinct: " + scores[order[k]]);
            }
        }
        return new ConfidenceBasedEstimate(
                Arrays.stream(order).mapToDouble(i -> scores[i]).toArray(),
                Arrays.stream(order).mapToLong(i -> rows[i]).toArray(),
                Arrays.stream(order).mapToDouble(i -> positives[i]).toArray(),
                Arrays.stream(order).mapToDouble(i -> variances[i]).toArray(),
                threshold);
    }

    private List<Value> values() {
        List<Value> values = new ArrayList<>();
        values.add(auc());
        values.addAll(thresholdMetrics());
        return values;
    }

    private Value auc() {
        double n = 0;
        double p = 0;
        double rankSum = 0;
        double varP = 0;
        double varRankSum = 0;
        double covariance = 0;
        for (int i = 0; i < scores.length; i++) {
            double midRank = n + (rows[i] + 1) / 2.0;
            n += rows[i];
            p += positives[i];
            rankSum += positives[i] * midRank;
            varP += variances[i];
            varRankSum += variances[i] * midRank * midRank;
            covariance += variances[i] * midRank;
        }
        double pairs = p * (n - p);
        double above = rankSum - p * (p + 1) / 2;
        double gradRankSum = 1 / pairs;
        double gradP = (-(p + 0.5) * pairs - above * (n - 2 * p)) / (pairs * pairs);
        double variance =
                gradRankSum * gradRankSum * varRankSum + 2 * gradRankSum * gradP * covariance + gradP * gradP * varP;
        return value(BinaryMetrics.AUC, pairs > 0 ? above / pairs : Double.NaN, variance);
    }

    private List<Value> thresholdMetrics() {
        double predicted = 0;
        double n = 0;
        double a = 0; // positives predicted positive
        double b = 0; // positives predicted negative
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < scores.length; i++) {
            n += rows[i];
            if (scores[i] >= threshold) {
                predicted += rows[i];
                a += positives[i];
                varA += variances[i];
            } else {
                b += positives[i];
                varB += variances[i];
            }
        }
        double recallDenominator = (a + b) * (a + b);
        double f1Denominator = (predicted + a + b) * (predicted + a + b);
        return List.of(
                value(
                        BinaryMetrics.PRECISION,
                        predicted > 0 ? a / predicted : Double.NaN,
                        varA / (predicted * predicted)),
                value(
                        BinaryMetrics.RECALL,
                        a + b > 0 ? a / (a + b) : Double.NaN,
                        (b * b * varA + a * a * varB) / (recallDenominator * recallDenominator)),
                value(
                        BinaryMetrics.F1,
                        predicted + a + b > 0 ? 2 * a / (predicted + a + b) : Double.NaN,
                        4
                                * ((predicted + b) * (predicted + b) * varA + a * a * varB)
                                / (f1Denominator * f1Denominator)),
                value(
                        BinaryMetrics.ACCURACY,
                        n > 0 ? (a + (n - predicted) - b) / n : Double.NaN,
                        (varA + varB) / (n * n)));
    }

    private static Value value(String metric, double value, double variance) {
        if (Double.isNaN(value)) {
            return new Value(metric, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double se = Math.sqrt(Math.max(0, variance));
        return new Value(metric, value, se, Math.max(0, value - Z * se), Math.min(1, value + Z * se));
    }
}
