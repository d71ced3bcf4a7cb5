package dev.verity.metrics.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.verity.metrics.BinaryMetrics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfidenceBasedEstimateTest {
    private static final double THRESHOLD = 0.5;

    /** Labels and scores row by row, grouped by distinct score for the estimate. */
    private record Window(double[] scores, long[] rows, long[] positives) {
        static Window of(double[] rowScores, int[] labels) {
            TreeMap<Double, long[]> byScore = new TreeMap<>();
            for (int i = 0; i < rowScores.length; i++) {
                long[] counts = byScore.computeIfAbsent(rowScores[i], s -> new long[2]);
                counts[0]++;
                counts[1] += labels[i];
            }
            return new Window(
                    byScore.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                    byScore.values().stream().mapToLong(c -> c[0]).toArray(),
                    byScore.values().stream().mapToLong(c -> c[1]).toArray());
        }
    }

    private static Map<String, ConfidenceBasedEstimate.Value> byMetric(List<ConfidenceBasedEstimate.Value> values) {
        return values.stream().collect(Collectors.toMap(ConfidenceBasedEstimate.Value::metric, Function.identity()));
    }

    @Test
    void realizedValuesAreTheLabelledMetricsWithTiesCountingHalf() {
        double[] scores = {0.1, 0.4, 0.4, 0.35, 0.8, 0.8, 0.8, 0.5, 0.2, 0.9};
        int[] labels = {0, 0, 1, 1, 1, 0, 1, 1, 0, 1};
        Map<String, ConfidenceBasedEstimate.Value> realized = byMetric(ConfidenceBasedEstimate.realized(
                Window.of(scores, labels).scores(),
                Window.of(scores, labels).rows(),
                Window.of(scores, labels).positives(),
                THRESHOLD));
        // independently: every (positive, negative) pair, ties counting half
        double pairs = 0;
        double above = 0;
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= THRESHOLD;
            tp += predicted && labels[i] == 1 ? 1 : 0;
            fp += predicted && labels[i] == 0 ? 1 : 0;
            fn += !predicted && labels[i] == 1 ? 1 : 0;
            tn += !predicted && labels[i] == 0 ? 1 : 0;
            for (int j = 0; j < scores.length; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    above += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(realized.get(BinaryMetrics.AUC).value()).isCloseTo(above / pairs, within(1e-12));
        assertThat(realized.get(BinaryMetrics.PRECISION).value()).isCloseTo(tp / (double) (tp + fp), within(1e-12));
        assertThat(realized.get(BinaryMetrics.RECALL).value()).isCloseTo(tp / (double) (tp + fn), within(1e-12));
        assertThat(realized.get(BinaryMetrics.F1).value()).isCloseTo(2.0 * tp / (2 * tp + fp + fn), within(1e-12));
        assertThat(realized.get(BinaryMetrics.ACCURACY).value())
                .isCloseTo((tp + tn) / (double) scores.length, within(1e-12));
    }

    @Test
    void certainProbabilitiesEstimateTheRealizedValuesExactly() {
        double[] scores = {0.1, 0.3, 0.6, 0.9};
        long[] rows = {5, 3, 4, 2};
        long[] positives = {0, 3, 0, 2};
        double[] probabilities = {0, 1, 0, 1};
        Map<String, ConfidenceBasedEstimate.Value> estimate =
                byMetric(ConfidenceBasedEstimate.estimate(scores, rows, probabilities, THRESHOLD));
        Map<String, ConfidenceBasedEstimate.Value> realized =
                byMetric(ConfidenceBasedEstimate.realized(scores, rows, positives, THRESHOLD));
        for (String metric : ConfidenceBasedEstimate.METRICS) {
            assertThat(estimate.get(metric).value())
                    .as(metric)
                    .isCloseTo(realized.get(metric).value(), within(1e-12));
            // no label noise left: the interval is the point
            assertThat(estimate.get(metric).ciHigh() - estimate.get(metric).ciLow())
                    .isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void undefinedMetricsAreNaN() {
        Map<String, ConfidenceBasedEstimate.Value> estimate = byMetric(ConfidenceBasedEstimate.estimate(
                new double[] {0.1, 0.2}, new long[] {3, 4}, new double[] {0, 0}, THRESHOLD));
        assertThat(estimate.get(BinaryMetrics.AUC).value()).isNaN(); // no positives expected
        assertThat(estimate.get(BinaryMetrics.PRECISION).value()).isNaN(); // nothing predicted positive
        assertThat(estimate.get(BinaryMetrics.RECALL).value()).isNaN();
        assertThat(estimate.get(BinaryMetrics.ACCURACY).value()).isCloseTo(1, within(1e-12));
        assertThat(ConfidenceBasedEstimate.estimate(new double[0], new long[0], new double[0], THRESHOLD))
                .allSatisfy(v -> assertThat(v.value()).isNaN());
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> ConfidenceBasedEstimate.estimate(
                        new double[] {0.2, 0.2}, new long[] {1, 1}, new double[] {0.5, 0.5}, THRESHOLD))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> ConfidenceBasedEstimate.estimate(
                        new double[] {0.2}, new long[] {1}, new double[] {Double.NaN}, THRESHOLD))
                .hasMessageContaining("[0, 1]");
    }

    /**
     * Simulation: scores that are their labels' probabilities. Each window's realized value
     * falls within its estimate's 95% interval in at least 90% of the windows.
     */
    @Test
    void intervalsCoverTheRealizedValueInMostWindows() {
        Random random = new Random(15);
        int windows = 300;
        Map<String, Integer> covered = new TreeMap<>();
        for (int w = 0; w < windows; w++) {
            int n = 500 + random.nextInt(1500);
            double[] scores = new double[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                // scores on a 0.001 grid, so ties occur; skewed towards negatives as click models are
                scores[i] = Math.round(Math.pow(random.nextDouble(), 1.5) * 1000) / 1000.0;
                labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
            }
            Window window = Window.of(scores, labels);
            Map<String, ConfidenceBasedEstimate.Value> estimate = byMetric(
                    ConfidenceBasedEstimate.estimate(window.scores(), window.rows(), window.scores(), THRESHOLD));
            Map<String, ConfidenceBasedEstimate.Value> realized = byMetric(
                    ConfidenceBasedEstimate.realized(window.scores(), window.rows(), window.positives(), THRESHOLD));
            for (String metric : ConfidenceBasedEstimate.METRICS) {
                double value = realized.get(metric).value();
                boolean inside = value >= estimate.get(metric).ciLow()
                        && value <= estimate.get(metric).ciHigh();
                covered.merge(metric, inside ? 1 : 0, Integer::sum);
            }
        }
        assertThat(covered).hasSize(ConfidenceBasedEstimate.METRICS.size());
        // 95% intervals: between 90% and 99% of the windows, neither too narrow nor too wide
        covered.forEach((metric, count) ->
                assertThat(count / (double) windows).as(metric).isBetween(0.90, 0.99));
    }

    /** The share of 200 windows whose AUC relation flag is raised, labels drawn with {@code truth(score)}. */
    private static double flaggedShare(java.util.function.DoubleUnaryOperator truth, long seed) {
        Random random = new Random(seed);
        int flagged = 0;
        int windows = 200;
        for (int w = 0; w < windows; w++) {
            int n = 2000;
            double[] scores = new double[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                scores[i] = Math.round(random.nextDouble() * 1000) / 1000.0;
                labels[i] = random.nextDouble() < truth.applyAsDouble(scores[i]) ? 1 : 0;
            }
            Window window = Window.of(scores, labels);
            // the calibration learnt before: the score is the probability
            ConfidenceBasedEstimate.Value onLabelled = byMetric(ConfidenceBasedEstimate.estimate(
                            window.scores(), window.rows(), window.scores(), THRESHOLD))
                    .get(BinaryMetrics.AUC);
            ConfidenceBasedEstimate.Value realized = byMetric(ConfidenceBasedEstimate.realized(
                            window.scores(), window.rows(), window.positives(), THRESHOLD))
                    .get(BinaryMetrics.AUC);
            if (ConfidenceBasedEstimate.relationChanged(onLabelled, realized, n)) {
                flagged++;
            }
        }
        return flagged / (double) windows;
    }

    @Test
    void theRelationFlagIsQuietWhileTheCalibrationHoldsAndRaisedWhenLabelsFollowScoresLess() {
        // calibrated: a 99% interval is left about 1% of the time
        assertThat(flaggedShare(score -> score, 21)).isLessThan(0.04);
        // the same scores, labels that follow them half as much (a concept shift): flagged nearly always
        assertThat(flaggedShare(score -> 0.25 + score / 2, 22)).isGreaterThan(0.95);
    }

    @Test
    void theRelationFlagNeedsEnoughLabelledRowsAndDefinedValues() {
        ConfidenceBasedEstimate.Value estimate = new ConfidenceBasedEstimate.Value("auc", 0.7, 0.01, 0.68, 0.72);
        ConfidenceBasedEstimate.Value far = new ConfidenceBasedEstimate.Value("auc", 0.6, 0, 0.6, 0.6);
        ConfidenceBasedEstimate.Value near = new ConfidenceBasedEstimate.Value("auc", 0.72, 0, 0.72, 0.72);
        assertThat(ConfidenceBasedEstimate.relationChanged(estimate, far, 500)).isTrue();
        assertThat(ConfidenceBasedEstimate.relationChanged(estimate, near, 500)).isFalse();
        assertThat(ConfidenceBasedEstimate.relationChanged(estimate, far, ConfidenceBasedEstimate.MIN_LABELLED - 1))
                .isNull();
        ConfidenceBasedEstimate.Value undefined =
                new ConfidenceBasedEstimate.Value("auc", Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        assertThat(ConfidenceBasedEstimate.relationChanged(estimate, undefined, 500))
                .isNull();
    }
}
