package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * mrr@K, map@K, precision@K, recall@K and hit_rate@K against a brute force that enumerates every
 * order of the tied items and averages the plain (untied) definitions, and map@K against
 * scikit-learn's label_ranking_average_precision_score where they coincide (no ties, K at least
 * the query's size).
 */
class TopKTest {
    private static final double EXACT = 1e-12;
    private static final String[] FAMILIES = {TopK.MRR, TopK.MAP, TopK.PRECISION, TopK.RECALL, TopK.HIT_RATE};

    /** The five metrics of one strict ranking ({@code relevant[i]}: the item at rank i + 1 is relevant). */
    private static double[] strict(boolean[] relevant, int k) {
        int total = 0;
        for (boolean r : relevant) {
            total += r ? 1 : 0;
        }
        double rr = 0;
        double ap = 0;
        int hits = 0;
        for (int i = 0; i < Math.min(k, relevant.length); i++) {
            if (relevant[i]) {
                hits++;
                ap += (double) hits / (i + 1);
                if (rr == 0) {
                    rr = 1.0 / (i + 1);
                }
            }
        }
        return new double[] {rr, ap / Math.min(k, total), (double) hits / k, (double) hits / total, hits > 0 ? 1 : 0};
    }

    /** The mean of {@link #strict} over every order of the items that sorts the scores descending. */
    private static double[] bruteForce(double[] scores, boolean[] relevant, int k) {
        List<int[]> orders = new ArrayList<>();
        permute(new int[scores.length], new boolean[scores.length], 0, scores, orders);
        double[] mean = new double[FAMILIES.length];
        for (int[] order : orders) {
            boolean[] ranked = new boolean[order.length];
            for (int i = 0; i < order.length; i++) {
                ranked[i] = relevant[order[i]];
            }
            double[] m = strict(ranked, k);
            for (int f = 0; f < mean.length; f++) {
                mean[f] += m[f] / orders.size();
            }
        }
        return mean;
    }

    private static void permute(int[] order, boolean[] used, int depth, double[] scores, List<int[]> out) {
        if (depth == order.length) {
            out.add(order.clone());
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            if (!used[i] && (depth == 0 || scores[order[depth - 1]] >= scores[i])) {
                used[i] = true;
                order[depth] = i;
                permute(order, used, depth + 1, scores, out);
                used[i] = false;
            }
        }
    }

    private static Map<String, MetricValue> oneQuery(
            double[] scores, double[] relevance, double relevantAt, int... ks) {
        return BinaryStateTest.byName(
                new RankingState(ks, relevantAt).addQuery(scores, relevance).compute());
    }

    @Test
    void tiedScoresGiveTheMeanOverEveryOrderOfTheTies() {
        Random random = new Random(14);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(7);
            double[] scores = new double[n];
            double[] relevance = new double[n];
            boolean[] relevant = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(3) / 10.0; // at most 3 distinct scores: long ties
                relevance[i] = random.nextInt(4); // graded 0..3
                relevant[i] = relevance[i] >= 2;
            }
            if (!hasRelevant(relevant)) {
                continue;
            }
            int[] ks = {1, 2, 3, 5, 10};
            Map<String, MetricValue> got = oneQuery(scores, relevance, 2, ks);
            for (int k : ks) {
                double[] expected = bruteForce(scores, relevant, k);
                for (int f = 0; f < FAMILIES.length; f++) {
                    assertThat(got.get(TopK.metricName(FAMILIES[f], k)).value())
                            .as("%s@%d of trial %d", FAMILIES[f], k, trial)
                            .isCloseTo(expected[f], within(EXACT));
                }
            }
        }
    }

    private static boolean hasRelevant(boolean[] relevant) {
        for (boolean r : relevant) {
            if (r) {
                return true;
            }
        }
        return false;
    }

    @Test
    void averagePrecisionMatchesScikitLearnWithoutTies() {
        // label_ranking_average_precision_score of each query alone, then of both (scikit-learn 1.2)
        double[] s1 = {0.9, 0.8, 0.7, 0.6, 0.5};
        double[] r1 = {0, 1, 0, 1, 1};
        double[] s2 = {0.15, 0.9, 0.3, 0.4, 0.05, 0.6, 0.2};
        double[] r2 = {1, 0, 0, 0, 0, 0, 1};
        assertThat(oneQuery(s1, r1, RankingState.DEFAULT_RELEVANT_AT, 10)
                        .get("map@10")
                        .value())
                .isCloseTo(0.5333333333333333, within(EXACT));
        assertThat(oneQuery(s2, r2, RankingState.DEFAULT_RELEVANT_AT, 7)
                        .get("map@7")
                        .value())
                .isCloseTo(0.26666666666666666, within(EXACT));
        RankingState both = new RankingState(5)
                .addQuery(s1, r1)
                .addQuery(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, new double[] {1, 0, 0, 0, 0});
        assertThat(BinaryStateTest.byName(both.compute()).get("map@5").value())
                .isCloseTo(0.3666666666666667, within(EXACT));
    }

    @Test
    void handComputedCutOffs() {
        // ranks: 0.9 (not), 0.8 (relevant), 0.7 (not), 0.6 (relevant), 0.5 (relevant)
        Map<String, MetricValue> m =
                oneQuery(new double[] {0.9, 0.8, 0.7, 0.6, 0.5}, new double[] {0, 1, 0, 2, 1}, 1, 1, 3);
        assertThat(m.get("mrr@1").value()).isZero();
        assertThat(m.get("hit_rate@1").value()).isZero();
        assertThat(m.get("mrr@3").value()).isCloseTo(0.5, within(EXACT));
        assertThat(m.get("precision@3").value()).isCloseTo(1 / 3.0, within(EXACT));
        assertThat(m.get("recall@3").value()).isCloseTo(1 / 3.0, within(EXACT));
        assertThat(m.get("map@3").value()).isCloseTo(0.5 / 3, within(EXACT)); // (1/2) / min(3, 3)
        // --relevant-at 2: only the item at rank 4 is relevant
        Map<String, MetricValue> strict =
                oneQuery(new double[] {0.9, 0.8, 0.7, 0.6, 0.5}, new double[] {0, 1, 0, 2, 1}, 2, 5);
        assertThat(strict.get("mrr@5").value()).isCloseTo(0.25, within(EXACT));
        assertThat(strict.get("precision@5").value()).isCloseTo(0.2, within(EXACT));
        assertThat(strict.get("recall@5").value()).isCloseTo(1.0, within(EXACT));
    }

    @Test
    void aSingleItemQueryAndQueriesWithoutARelevantItem() {
        Map<String, MetricValue> single = oneQuery(new double[] {0.4}, new double[] {1}, 1, 3);
        assertThat(single.get("mrr@3").value()).isEqualTo(1.0);
        assertThat(single.get("precision@3").value()).isCloseTo(1 / 3.0, within(EXACT));
        assertThat(single.get("recall@3").value()).isEqualTo(1.0);
        assertThat(single.get("map@3").value()).isEqualTo(1.0);

        // graded 1 is relevant for NDCG but not at --relevant-at 2: counted apart
        RankingState state = new RankingState(new int[] {3}, 2)
                .addQuery(new double[] {0.4, 0.3}, new double[] {1, 0})
                .addQuery(new double[] {0.2}, new double[] {0});
        Map<String, MetricValue> none = BinaryStateTest.byName(state.compute());
        assertThat(none.get("ndcg@3").value()).isEqualTo(1.0);
        assertThat(none.get("mrr@3").reason()).isEqualTo("no query with a relevant item (2 left out)");
        assertThat(none.get(RankingState.EXCLUDED_QUERIES).value()).isEqualTo(1.0);
        assertThat(none.get(RankingState.EXCLUDED_AT_QUERIES).value()).isEqualTo(2.0);

        Map<String, MetricValue> empty = BinaryStateTest.byName(new RankingState(5).compute());
        assertThat(empty.get("hit_rate@5").isDefined()).isFalse();
    }

    @Test
    void statesWithOtherRelevanceDoNotMerge() {
        assertThatThrownBy(() -> new RankingState(new int[] {5}, 1).merge(new RankingState(new int[] {5}, 2)))
                .hasMessageContaining("relevant at");
        assertThatThrownBy(() -> new RankingState(new int[] {5}, 0)).hasMessageContaining("> 0");
    }
}
