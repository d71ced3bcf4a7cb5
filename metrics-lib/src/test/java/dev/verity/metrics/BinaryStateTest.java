package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Expected values were computed with scikit-learn 1.2 (roc_auc_score, average_precision_score,
 * log_loss, brier_score_loss, precision/recall/f1/accuracy at score >= 0.5) and an O(m n)
 * DeLong written from the definition in NumPy. Exact arithmetic up to summation order: 1e-12.
 */
class BinaryStateTest {
    private static final double EXACT = 1e-12;

    static Map<String, MetricValue> metrics(double[] scores, int[] labels, double threshold) {
        BinaryState state = new BinaryState(threshold);
        for (int i = 0; i < scores.length; i++) {
            state.add(scores[i], labels[i]);
        }
        return byName(state.compute());
    }

    static Map<String, MetricValue> byName(List<MetricValue> values) {
        return values.stream().collect(Collectors.toMap(MetricValue::name, Function.identity()));
    }

    static void assertValues(Map<String, MetricValue> got, Map<String, Double> expected) {
        expected.forEach(
                (name, value) -> assertThat(got.get(name).value()).as(name).isCloseTo(value, within(EXACT)));
    }

    @Test
    void textbookExampleWithoutTies() {
        // scikit-learn's documented example: AUC 0.75, AP 0.8333.
        Map<String, MetricValue> m = metrics(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}, 0.5);
        assertThat(m.get("auc").value()).isCloseTo(0.75, within(EXACT));
        assertThat(m.get("pr_auc").value()).isCloseTo(5.0 / 6.0, within(EXACT));
        // tp = 1 (0.8), fp = 0, fn = 1, tn = 2
        assertThat(m.get("precision").value()).isCloseTo(1.0, within(EXACT));
        assertThat(m.get("recall").value()).isCloseTo(0.5, within(EXACT));
        assertThat(m.get("accuracy").value()).isCloseTo(0.75, within(EXACT));
    }

    @Test
    void tiedScoresGetHalfCredit() {
        Map<String, MetricValue> m =
                metrics(new double[] {0.2, 0.2, 0.5, 0.5, 0.5, 0.9, 0.1, 0.7}, new int[] {0, 1, 0, 1, 1, 1, 0, 0}, 0.5);
        assertValues(
                m,
                Map.ofEntries(
                        Map.entry("auc", 0.65625),
                        Map.entry("auc_ci_low", 0.23486248800155507),
                        Map.entry("auc_ci_high", 1.0),
                        Map.entry("pr_auc", 0.69285714285714284),
                        Map.entry("log_loss", 0.66583960513371676),
                        Map.entry("brier", 0.24250000000000002),
                        Map.entry("precision", 0.6),
                        Map.entry("recall", 0.75),
                        Map.entry("f1", 0.66666666666666652),
                        Map.entry("accuracy", 0.625),
                        Map.entry("positive_rate", 0.5),
                        Map.entry("mean_score", 0.45)));
    }

    @Test
    void scoresAtZeroAndOneAreClippedInLogLoss() {
        Map<String, MetricValue> m = metrics(
                new double[] {
                    0.91, 0.12, 0.55, 0.55, 0.73, 0.05, 0.38, 0.64, 0.99, 0.27, 0.55, 0.81, 0.12, 0.46, 0.0, 1.0, 0.33,
                    0.73
                },
                new int[] {1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0},
                0.5);
        assertValues(
                m,
                Map.of(
                        "auc",
                        0.80864197530864201,
                        "auc_ci_low",
                        0.5991763918505841,
                        "pr_auc",
                        0.80005920005920017,
                        "log_loss",
                        0.48969461580766205,
                        "brier",
                        0.17201666666666662,
                        "precision",
                        0.7,
                        "recall",
                        0.77777777777777779,
                        "f1",
                        0.73684210526315774,
                        "accuracy",
                        0.72222222222222221,
                        "mean_score",
                        0.51055555555555554));
    }

    @Test
    void deLongIntervalInsideTheUnitRange() {
        double[] scores = {
            0.21, 0.53, 0.32, 0.63, 0.61, 0.54, 0.07, 0.32, 0.42, 0.45, 0.12, 0.48, 0.38, 0.26, 0.64, 0.41, 0.42, 0.75,
            0.31, 0.4, 0.6, 0.44, 0.18, 0.44, 0.85, 0.12, 0.75, 0.45, 0.3, 0.98, 0.73, 0.34, 0.59, 0.69, 0.54, 0.71,
            0.56, 0.71, 0.71, 0.44
        };
        int[] labels = {
            1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 0, 1
        };
        assertValues(
                metrics(scores, labels, 0.5),
                Map.of(
                        "auc",
                        0.76692708333333326,
                        "auc_ci_low",
                        0.6141562965268408,
                        "auc_ci_high",
                        0.919697870139826,
                        "pr_auc",
                        0.84076861619670373,
                        "log_loss",
                        0.61266810182403963,
                        "brier",
                        0.20698499999999997,
                        "precision",
                        0.88888888888888884,
                        "recall",
                        0.66666666666666663,
                        "f1",
                        0.76190476190476197,
                        "mean_score",
                        0.485));
    }

    @Test
    void singleClassLeavesAucUndefinedButKeepsTheRest() {
        Map<String, MetricValue> m = metrics(new double[] {0.2, 0.7, 0.9}, new int[] {1, 1, 1}, 0.5);
        assertThat(m.get("auc").value()).isNull();
        assertThat(m.get("auc").reason()).contains("one class");
        assertThat(m.get("auc_ci_low").value()).isNull();
        assertThat(m.get("pr_auc").value()).isCloseTo(1.0, within(EXACT));
        assertThat(m.get("recall").value()).isCloseTo(2.0 / 3.0, within(EXACT));
        assertThat(m.get("positive_rate").value()).isCloseTo(1.0, within(EXACT));

        Map<String, MetricValue> negatives = metrics(new double[] {0.2, 0.3}, new int[] {0, 0}, 0.5);
        assertThat(negatives.get("pr_auc").reason()).isEqualTo("no positive labels");
        assertThat(negatives.get("recall").value()).isNull();
        assertThat(negatives.get("precision").reason()).contains("no predicted positives");
        assertThat(negatives.get("f1").value()).isNull();
        assertThat(negatives.get("accuracy").value()).isCloseTo(1.0, within(EXACT));
    }

    @Test
    void emptyStateIsUndefinedEverywhere() {
        List<MetricValue> values = new BinaryState(0.5).compute();
        assertThat(values).extracting(MetricValue::name).containsExactlyElementsOf(BinaryMetrics.NAMES);
        assertThat(values).allSatisfy(v -> assertThat(v.reason()).isEqualTo("no labelled rows"));
    }

    @Test
    void singleRowOfEachClassHasAucButNoInterval() {
        Map<String, MetricValue> m = metrics(new double[] {0.8, 0.3}, new int[] {1, 0}, 0.5);
        assertThat(m.get("auc").value()).isEqualTo(1.0);
        assertThat(m.get("auc_ci_low").reason()).contains("at least 2 rows of each class");
        assertThat(metrics(new double[] {0.4}, new int[] {1}, 0.5).get("f1").value())
                .isNull();
    }

    @Test
    void allScoresTiedGiveAucOneHalf() {
        Map<String, MetricValue> m = metrics(new double[] {0.3, 0.3, 0.3, 0.3}, new int[] {1, 0, 1, 0}, 0.5);
        assertThat(m.get("auc").value()).isEqualTo(0.5);
        assertThat(m.get("pr_auc").value()).isEqualTo(0.5);
    }

    @Test
    void nanScoreOrNonBinaryLabelMakesMetricsUndefinedNotSilentlyDropped() {
        Map<String, MetricValue> nan = metrics(new double[] {0.8, Double.NaN, 0.1}, new int[] {1, 0, 0}, 0.5);
        assertThat(nan.values())
                .allSatisfy(v -> assertThat(v.reason()).startsWith("1 rows with a score outside [0, 1]"));
        Map<String, MetricValue> label = metrics(new double[] {0.8, 0.2}, new int[] {1, 2}, 0.5);
        assertThat(label.get("auc").value()).isNull();
    }

    @Test
    void thresholdIsInclusive() {
        Map<String, MetricValue> m = metrics(new double[] {0.5, 0.49}, new int[] {1, 0}, 0.5);
        assertThat(m.get("precision").value()).isEqualTo(1.0);
        assertThat(m.get("recall").value()).isEqualTo(1.0);
    }

    @Test
    void mergingWithItselfIsRefused() {
        BinaryState state = new BinaryState(0.5).add(0.1, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.merge(state))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
