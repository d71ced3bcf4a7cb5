package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The canary comparison of two versions that served different rows: the AUC's standard error
 * against a brute-force DeLong over all m x n pairs, the log loss's against the per-row losses,
 * and the minimum detectable difference against a simulation of the test's power.
 */
class UnpairedComparisonTest {
    private static final double EXACT = 1e-12;

    /** Scores with two decimals (ties) and labels drawn as Bernoulli(score ^ tilt). */
    private static double[][] rows(Random random, int size, double tilt) {
        double[][] rows = new double[size][2];
        for (int i = 0; i < size; i++) {
            double score = Math.round(random.nextDouble() * 100) / 100.0;
            rows[i][0] = score;
            rows[i][1] = random.nextDouble() < Math.pow(score, tilt) ? 1 : 0;
        }
        return rows;
    }

    private static Map<String, MetricValue> metrics(double[][] rows) {
        BinaryState state = new BinaryState(0.5);
        for (double[] r : rows) {
            state.add(r[0], r[1]);
        }
        return BinaryStateTest.byName(state.compute());
    }

    /** AUC and its DeLong variance from every positive-negative pair: O(m n), nothing shared with RocAuc. */
    private static double[] bruteForceDeLong(double[][] rows) {
        double[] pos = java.util.Arrays.stream(rows)
                .filter(r -> r[1] == 1)
                .mapToDouble(r -> r[0])
                .toArray();
        double[] neg = java.util.Arrays.stream(rows)
                .filter(r -> r[1] == 0)
                .mapToDouble(r -> r[0])
                .toArray();
        double[] v10 = new double[pos.length];
        double[] v01 = new double[neg.length];
        for (int i = 0; i < pos.length; i++) {
            for (int j = 0; j < neg.length; j++) {
                double credit = pos[i] > neg[j] ? 1 : pos[i] == neg[j] ? 0.5 : 0;
                v10[i] += credit / neg.length;
                v01[j] += credit / pos.length;
            }
        }
        double auc = java.util.Arrays.stream(v10).average().orElseThrow();
        double s10 =
                java.util.Arrays.stream(v10).map(v -> (v - auc) * (v - auc)).sum() / (pos.length - 1);
        double s01 =
                java.util.Arrays.stream(v01).map(v -> (v - auc) * (v - auc)).sum() / (neg.length - 1);
        return new double[] {auc, s10 / pos.length + s01 / neg.length};
    }

    @Test
    void aucDifferenceAndIntervalAreTheUnpairedDeLongOnes() {
        Random random = new Random(21);
        double[][] baseline = rows(random, 900, 1.0);
        double[][] candidate = rows(random, 120, 1.6); // a small canary with another label model
        double[] a = bruteForceDeLong(baseline);
        double[] b = bruteForceDeLong(candidate);
        Map<String, MetricValue> ma = metrics(baseline);
        Map<String, MetricValue> mb = metrics(candidate);
        assertThat(ma.get(BinaryMetrics.AUC_SE).value()).isCloseTo(Math.sqrt(a[1]), within(EXACT));
        assertThat(mb.get(BinaryMetrics.AUC_SE).value()).isCloseTo(Math.sqrt(b[1]), within(EXACT));

        UnpairedComparison c = UnpairedComparison.of(
                ma.get(BinaryMetrics.AUC).value(),
                ma.get(BinaryMetrics.AUC_SE).value(),
                mb.get(BinaryMetrics.AUC).value(),
                mb.get(BinaryMetrics.AUC_SE).value(),
                true);
        double se = Math.sqrt(a[1] + b[1]);
        assertThat(c.delta()).isCloseTo(b[0] - a[0], within(EXACT));
        assertThat(c.ciLow()).isCloseTo(b[0] - a[0] - 1.959964 * se, within(EXACT));
        assertThat(c.ciHigh()).isCloseTo(b[0] - a[0] + 1.959964 * se, within(EXACT));
        double z = Math.abs(b[0] - a[0]) / se;
        assertThat(c.pValue())
                .isCloseTo(2 * (1 - new NormalDistribution(null, 0, 1).cumulativeProbability(z)), within(1e-9));
        assertThat(c.minDetectable()).isCloseTo((1.959964 + 0.8416212335729143) * se, within(1e-9));
        assertThat(c.verdict())
                .isEqualTo(
                        c.ciHigh() < 0
                                ? PairedAuc.Verdict.WORSE
                                : c.ciLow() > 0 ? PairedAuc.Verdict.BETTER : PairedAuc.Verdict.INDISTINGUISHABLE);
    }

    @Test
    void logLossAndBrierStandardErrorsAreThoseOfTheirPerRowValues() {
        double[][] rows = rows(new Random(22), 500, 1.0);
        double[] losses = new double[rows.length];
        double[] squares = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double p = Math.min(Math.max(rows[i][0], 1e-15), 1 - 1e-15);
            losses[i] = rows[i][1] == 1 ? -Math.log(p) : -Math.log(1 - p);
            squares[i] = (rows[i][0] - rows[i][1]) * (rows[i][0] - rows[i][1]);
        }
        Map<String, MetricValue> m = metrics(rows);
        assertThat(m.get(BinaryMetrics.LOG_LOSS_SE).value()).isCloseTo(standardError(losses), within(EXACT));
        assertThat(m.get(BinaryMetrics.BRIER_SE).value()).isCloseTo(standardError(squares), within(EXACT));
        double rate = m.get(BinaryMetrics.POSITIVE_RATE).value();
        double entropy = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
        assertThat(m.get(BinaryMetrics.NORMALIZED_ENTROPY_SE).value())
                .isCloseTo(standardError(losses) / entropy, within(EXACT));
        assertThat(metrics(new double[][] {{0.3, 1}})
                        .get(BinaryMetrics.LOG_LOSS_SE)
                        .isDefined())
                .isFalse();
    }

    private static double standardError(double[] values) {
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double variance = java.util.Arrays.stream(values)
                        .map(v -> (v - mean) * (v - mean))
                        .sum()
                / (values.length - 1);
        return Math.sqrt(variance / values.length);
    }

    /**
     * Brier score of a fixed score s on labels drawn with probability p: mean p(1-s)^2 + (1-p)s^2,
     * variance p(1-p)(1-2s)^2. The baseline is calibrated (s = p); the candidate's score is off
     * by d, which adds d^2 to its Brier score: d is chosen so that d^2 is exactly the minimum
     * detectable difference at the arms' sizes, and the test then finds it in 80% of the draws.
     */
    @Test
    void theMinimumDetectableDifferenceIsFoundWithEightyPercentPower() {
        double p = 0.3;
        int baselineRows = 3000;
        int candidateRows = 1500;
        double lo = 0;
        double hi = 0.3;
        for (int i = 0; i < 200; i++) { // d^2 = (z_0.975 + z_0.8) x the difference's true standard error
            double d = (lo + hi) / 2;
            double gap = d * d
                    - (1.959964 + 0.8416212335729143)
                            * Math.sqrt(brierVariance(p, p) / baselineRows + brierVariance(p, p + d) / candidateRows);
            if (gap < 0) {
                lo = d;
            } else {
                hi = d;
            }
        }
        double d = (lo + hi) / 2;
        Random random = new Random(23);
        int trials = 1500;
        int found = 0;
        double reported = 0;
        for (int t = 0; t < trials; t++) {
            Map<String, MetricValue> a = fixedScore(random, baselineRows, p, p);
            Map<String, MetricValue> b = fixedScore(random, candidateRows, p, p + d);
            UnpairedComparison c = UnpairedComparison.of(
                    a.get(BinaryMetrics.BRIER).value(),
                    a.get(BinaryMetrics.BRIER_SE).value(),
                    b.get(BinaryMetrics.BRIER).value(),
                    b.get(BinaryMetrics.BRIER_SE).value(),
                    false);
            found += c.verdict() == PairedAuc.Verdict.WORSE ? 1 : 0;
            reported += c.minDetectable() / trials;
        }
        assertThat((double) found / trials)
                .as("empirical power at the minimum detectable difference")
                .isCloseTo(0.80, within(0.05));
        assertThat(reported).as("the reported minimum detectable difference").isCloseTo(d * d, within(0.05 * d * d));
    }

    private static double brierVariance(double p, double s) {
        return p * (1 - p) * (1 - 2 * s) * (1 - 2 * s);
    }

    private static Map<String, MetricValue> fixedScore(Random random, int size, double p, double score) {
        BinaryState state = new BinaryState(0.5);
        for (int i = 0; i < size; i++) {
            state.add(score, random.nextDouble() < p ? 1 : 0);
        }
        return BinaryStateTest.byName(state.compute());
    }

    @Test
    void lowerIsBetterMetricsTurnTheVerdictAround() {
        assertThat(UnpairedComparison.of(0.40, 0.01, 0.30, 0.01, false).verdict())
                .isEqualTo(PairedAuc.Verdict.BETTER);
        assertThat(UnpairedComparison.of(0.40, 0.01, 0.30, 0.01, true).verdict())
                .isEqualTo(PairedAuc.Verdict.WORSE);
        assertThat(UnpairedComparison.of(0.40, 0.05, 0.39, 0.05, true).verdict())
                .isEqualTo(PairedAuc.Verdict.INDISTINGUISHABLE);
        UnpairedComparison exact = UnpairedComparison.of(0.5, 0, 0.5, 0, true);
        assertThat(exact.pValue()).isEqualTo(1.0);
        assertThat(exact.minDetectable()).isZero();
    }
}
