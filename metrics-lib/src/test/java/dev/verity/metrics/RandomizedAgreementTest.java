package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Cross-checks the O(n log n) computations against O(n^2) implementations written straight from
 * the definitions, on random data with many ties (scores rounded to 1 or 2 decimals).
 */
class RandomizedAgreementTest {

    @RepeatedTest(25)
    void aucIntervalAndAveragePrecisionMatchTheDefinitions(RepetitionInfo info) {
        Random random = new Random(info.getCurrentRepetition());
        int size = 2 + random.nextInt(300);
        double scale = info.getCurrentRepetition() % 2 == 0 ? 10 : 100;
        double[] scores = new double[size];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = random.nextDouble() < 0.3 ? 1 : 0;
            scores[i] =
                    Math.rint(Math.min(1, Math.max(0, 0.4 + 0.2 * labels[i] + 0.25 * random.nextGaussian())) * scale)
                            / scale;
        }
        labels[0] = 1;
        labels[1] = 0;
        labels[size - 1] = random.nextBoolean() ? 1 : 0;
        Map<String, MetricValue> got = BinaryStateTest.metrics(scores, labels, 0.5);

        double[] expected = bruteForceDeLong(scores, labels);
        assertThat(got.get("auc").value()).isCloseTo(expected[0], within(1e-12));
        if (!Double.isNaN(expected[1])) {
            assertThat(got.get("auc_ci_low").value()).isCloseTo(Math.max(0, expected[0] - expected[1]), within(1e-12));
            assertThat(got.get("auc_ci_high").value()).isCloseTo(Math.min(1, expected[0] + expected[1]), within(1e-12));
        }
        assertThat(got.get("pr_auc").value()).isCloseTo(bruteForceAveragePrecision(scores, labels), within(1e-12));
    }

    /** Returns {auc, z * standard error} from the pairwise definition. */
    static double[] bruteForceDeLong(double[] scores, int[] labels) {
        int m = 0;
        int n = 0;
        for (int label : labels) {
            if (label == 1) {
                m++;
            } else {
                n++;
            }
        }
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        int pi = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            int ni = 0;
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] != 0) {
                    continue;
                }
                double psi = scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                v10[pi] += psi / n;
                v01[ni] += psi / m;
                ni++;
            }
            pi++;
        }
        double auc = 0;
        for (double v : v10) {
            auc += v / m;
        }
        if (m < 2 || n < 2) {
            return new double[] {auc, Double.NaN};
        }
        double s10 = 0;
        for (double v : v10) {
            s10 += (v - auc) * (v - auc) / (m - 1);
        }
        double s01 = 0;
        for (double v : v01) {
            s01 += (v - auc) * (v - auc) / (n - 1);
        }
        return new double[] {auc, RocAuc.Z_95 * Math.sqrt(s10 / m + s01 / n)};
    }

    /** Sum over each distinct threshold t of (recall(t) - recall(previous t)) * precision(t). */
    static double bruteForceAveragePrecision(double[] scores, int[] labels) {
        double[] thresholds =
                java.util.Arrays.stream(scores).distinct().sorted().toArray();
        int positives = 0;
        for (int label : labels) {
            positives += label;
        }
        double ap = 0;
        double previousRecall = 0;
        for (int t = thresholds.length - 1; t >= 0; t--) {
            int tp = 0;
            int predicted = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= thresholds[t]) {
                    predicted++;
                    tp += labels[i];
                }
            }
            double recall = (double) tp / positives;
            ap += (recall - previousRecall) * tp / predicted;
            previousRecall = recall;
        }
        return ap;
    }
}
