package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calibration ratio, normalized entropy, ECE and the reliability curve against values computed
 * independently by {@code reference/calibration_reference.py}: scikit-learn 1.2's {@code
 * calibration_curve(strategy="quantile")} and {@code log_loss}, NumPy for the bin counts and the
 * ECE. The sorted-counts engine agrees with the in-memory state on them (BinaryCountsTest).
 */
class CalibrationTest {
    private static final double EXACT = 1e-12;

    /** One bin count's expected curve, as scikit-learn returns it (occupied bins only). */
    private record Curve(int[] bins, double[] meanScore, double[] positiveRate, long[] rows, double ece) {}

    private static BinaryState reference(int bins) throws IOException {
        BinaryState state = new BinaryState(0.5, bins);
        try (InputStream in = CalibrationTest.class.getResourceAsStream("/reference/calibration_1000.csv")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(line -> {
                String[] f = line.split(",");
                state.add(Double.parseDouble(f[0]), Double.parseDouble(f[1]));
            });
        }
        return state;
    }

    private static void assertCurve(List<MetricValue> values, Curve expected) {
        Map<String, MetricValue> byName = BinaryStateTest.byName(values);
        assertThat(byName.get(BinaryMetrics.ECE).value()).isCloseTo(expected.ece(), within(EXACT));
        long points = values.stream()
                .filter(v -> BinaryMetrics.isReliabilityPoint(v.name()))
                .count();
        assertThat(points)
                .as("three points per occupied bin, none for empty ones")
                .isEqualTo(3L * expected.bins().length);
        for (int i = 0; i < expected.bins().length; i++) {
            int bin = expected.bins()[i];
            assertThat(byName.get(BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_SCORE, bin))
                            .value())
                    .as("mean score of bin %d", bin)
                    .isCloseTo(expected.meanScore()[i], within(EXACT));
            assertThat(byName.get(BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_POSITIVE_RATE, bin))
                            .value())
                    .as("positive rate of bin %d", bin)
                    .isCloseTo(expected.positiveRate()[i], within(EXACT));
            assertThat(byName.get(BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_ROWS, bin))
                            .value())
                    .isEqualTo((double) expected.rows()[i]);
        }
    }

    @Test
    void tenAndSevenEqualMassBinsMatchScikitLearnsCalibrationCurve() throws IOException {
        assertCurve(
                reference(10).compute(),
                new Curve(
                        new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                        new double[] {
                            0.0938613861386138, 0.18010101010101015, 0.23902912621359215, 0.3007017543859649,
                            0.3602380952380952, 0.41425925925925916, 0.48038834951456294, 0.5492857142857143,
                            0.6298947368421054, 0.7645263157894739
                        },
                        new double[] {
                            0.04950495049504951, 0.21212121212121213, 0.32038834951456313, 0.42105263157894735,
                            0.42857142857142855, 0.3888888888888889, 0.5048543689320388, 0.673469387755102,
                            0.7684210526315789, 0.8421052631578947
                        },
                        new long[] {101, 99, 103, 114, 84, 108, 103, 98, 95, 95},
                        0.07344999999999996));
        assertCurve(
                reference(7).compute(),
                new Curve(
                        new int[] {1, 2, 3, 4, 5, 6, 7},
                        new double[] {
                            0.11361111111111111,
                            0.22371069182389927,
                            0.3044444444444445,
                            0.38482993197278914,
                            0.4746710526315789,
                            0.5781294964028779,
                            0.7339849624060154
                        },
                        new double[] {
                            0.09027777777777778,
                            0.2893081761006289,
                            0.3968253968253968,
                            0.42857142857142855,
                            0.5197368421052632,
                            0.6690647482014388,
                            0.8421052631578947
                        },
                        new long[] {144, 159, 126, 147, 152, 139, 133},
                        0.06572999999999991));
    }

    @Test
    void calibrationRatioAndNormalizedEntropyMatchTheReference() throws IOException {
        Map<String, MetricValue> byName = BinaryStateTest.byName(reference(10).compute());
        assertThat(byName.get(BinaryMetrics.CALIBRATION_RATIO).value()).isCloseTo(0.8705921052631579, within(EXACT));
        assertThat(byName.get(BinaryMetrics.NORMALIZED_ENTROPY).value()).isCloseTo(0.8441731182985912, within(EXACT));
    }

    @Test
    void tiedScoresLeaveBinsEmptyAsScikitLearnDoes() {
        double[] scores = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 0.9, 0.9, 0.95};
        int[] labels = {0, 0, 1, 0, 0, 0, 1, 1, 0, 1};
        BinaryState state = new BinaryState(0.5);
        for (int i = 0; i < scores.length; i++) {
            state.add(scores[i], labels[i]);
        }
        double[] meanScore = {0.09999999999999999, 0.5, 0.9, 0.95};
        double[] positiveRate = {0.16666666666666666, 1.0, 0.5, 1.0};
        long[] rows = {6, 1, 2, 1};
        double ece = 0;
        for (int i = 0; i < rows.length; i++) {
            ece += rows[i] / 10.0 * Math.abs(meanScore[i] - positiveRate[i]);
        }
        assertCurve(state.compute(), new Curve(new int[] {1, 7, 8, 10}, meanScore, positiveRate, rows, ece));
    }

    @Test
    void handComputedNormalizedEntropyOfTwoRows() {
        // log loss = -(ln 0.8 + ln 0.6) / 2; the base rate 1/2 has entropy ln 2
        Map<String, MetricValue> byName = BinaryStateTest.byName(
                new BinaryState(0.5).add(0.8, 1).add(0.4, 0).compute());
        assertThat(byName.get(BinaryMetrics.NORMALIZED_ENTROPY).value())
                .isCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2 / Math.log(2), within(EXACT));
        assertThat(byName.get(BinaryMetrics.CALIBRATION_RATIO).value()).isCloseTo(1.2, within(EXACT));
    }

    @Test
    void oneClassOneRowAndNoRows() {
        Map<String, MetricValue> negatives = BinaryStateTest.byName(
                new BinaryState(0.5).add(0.2, 0).add(0.3, 0).compute());
        assertThat(negatives.get(BinaryMetrics.CALIBRATION_RATIO).reason()).isEqualTo("no positive label");
        assertThat(negatives.get(BinaryMetrics.NORMALIZED_ENTROPY).reason()).isEqualTo("one class in the slice");
        assertThat(negatives.get(BinaryMetrics.ECE).value()).isCloseTo(0.25, within(EXACT));

        Map<String, MetricValue> positives =
                BinaryStateTest.byName(new BinaryState(0.5).add(0.2, 1).compute());
        assertThat(positives.get(BinaryMetrics.NORMALIZED_ENTROPY).isDefined()).isFalse();
        assertThat(positives.get(BinaryMetrics.ECE).value()).isCloseTo(0.8, within(EXACT));
        assertThat(positives
                        .get(BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_ROWS, 1))
                        .value())
                .isEqualTo(1.0);

        Map<String, MetricValue> empty = BinaryStateTest.byName(new BinaryState(0.5).compute());
        assertThat(empty.get(BinaryMetrics.ECE).reason()).isEqualTo("no labelled rows");
        assertThat(empty.keySet()).noneMatch(BinaryMetrics::isReliabilityPoint);
    }

    @Test
    void binsOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> new BinaryState(0.5, 0)).hasMessageContaining("1..100");
        assertThatThrownBy(() -> new BinaryCounts(0.5, 101)).hasMessageContaining("1..100");
        assertThatThrownBy(() -> new BinaryState(0.5, 7).merge(new BinaryState(0.5, 10)))
                .hasMessageContaining("bins");
    }
}
