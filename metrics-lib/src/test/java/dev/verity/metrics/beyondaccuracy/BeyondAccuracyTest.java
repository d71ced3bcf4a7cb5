package dev.verity.metrics.beyondaccuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.verity.metrics.MetricValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Coverage, novelty, popularity, personalization and diversity on a hand-sized example, against
 * numpy/SciPy computed from the lists by the definitions (per list, then the mean over lists):
 * <pre>
 * lists = [[('a',1),('b',0),('c',1)], [('a',1),('d',0),('b',0)], [('e',0),('a',0)]]
 * n = interactions per item; N, C = sum(n), len(catalogue); tops = first K of each list
 * coverage = len(union(tops)) / C
 * novelty = mean(mean(-log2((n[i] + 1) / (N + C)) for i in top) for top in tops)
 * popularity = mean(mean(n[i] / N for i in top) for top in tops)
 * personalization = 1 - mean(Jaccard of every pair of tops)
 * diversity = scipy.spatial.distance.pdist(vectors, 'cosine').mean()
 * </pre>
 */
class BeyondAccuracyTest {
    private static final int[] KS = {2, 3};
    private static final List<List<String>> LISTS =
            List.of(List.of("a", "b", "c"), List.of("a", "d", "b"), List.of("e", "a"));
    private static final Map<String, Long> INTERACTIONS = Map.of("a", 2L, "b", 0L, "c", 1L, "d", 0L, "e", 0L);

    /** The totals summed item by item, as the Spark aggregation sums them. */
    private static CatalogueTotals totals(List<List<String>> lists, Map<String, Long> interactions, int[] ks) {
        long[] covered = new long[ks.length];
        double[] weight = new double[ks.length];
        double[] weightedLog = new double[ks.length];
        double[] weighted = new double[ks.length];
        for (int k = 0; k < ks.length; k++) {
            Map<String, Double> w = new HashMap<>();
            for (List<String> list : lists) {
                List<String> top = list.subList(0, Math.min(ks[k], list.size()));
                top.forEach(i -> w.merge(i, 1.0 / top.size(), Double::sum));
            }
            covered[k] = w.size();
            for (Map.Entry<String, Double> e : w.entrySet()) {
                long n = interactions.get(e.getKey());
                weight[k] += e.getValue();
                weightedLog[k] += e.getValue() * Math.log(n + 1) / Math.log(2);
                weighted[k] += e.getValue() * n;
            }
        }
        long total = interactions.values().stream().mapToLong(Long::longValue).sum();
        return new CatalogueTotals(interactions.size(), total, lists.size(), covered, weight, weightedLog, weighted);
    }

    private static double value(List<MetricValue> values, String family, int k) {
        return MetricValue.valueOf(values, BeyondAccuracy.name(family, k));
    }

    private static List<int[]> sets(List<List<String>> lists, int k) {
        Map<String, Integer> index = new HashMap<>();
        List<int[]> out = new ArrayList<>();
        for (List<String> list : lists) {
            out.add(list.subList(0, Math.min(k, list.size())).stream()
                    .distinct()
                    .mapToInt(i -> index.computeIfAbsent(i, x -> index.size()))
                    .toArray());
        }
        return out;
    }

    @Test
    void aHandSizedExampleAgreesWithNumpy() {
        List<MetricValue> values = totals(LISTS, INTERACTIONS, KS).compute(KS);
        assertThat(value(values, BeyondAccuracy.COVERAGE, 2)).isCloseTo(0.8, within(1e-12));
        assertThat(value(values, BeyondAccuracy.COVERAGE, 3)).isCloseTo(1.0, within(1e-12));
        assertThat(value(values, BeyondAccuracy.NOVELTY, 2)).isCloseTo(2.207518749639422, within(1e-12));
        assertThat(value(values, BeyondAccuracy.NOVELTY, 3)).isCloseTo(2.272514583052884, within(1e-12));
        assertThat(value(values, BeyondAccuracy.POPULARITY, 2)).isCloseTo(0.3333333333333333, within(1e-12));
        assertThat(value(values, BeyondAccuracy.POPULARITY, 3)).isCloseTo(0.2962962962962963, within(1e-12));
        assertThat(Personalization.of(sets(LISTS, 2))).isCloseTo(0.6666666666666667, within(1e-12));
        assertThat(Personalization.of(sets(LISTS, 3))).isCloseTo(0.6666666666666667, within(1e-12));
        assertThat(IntraListDiversity.of(List.of(new double[] {1, 0}, new double[] {0, 1}, new double[] {1, 1})))
                .isCloseTo(0.5285954792089683, within(1e-12));
        assertThat(IntraListDiversity.of(List.of(
                        new double[] {0.2, -1.0, 3.0},
                        new double[] {1.5, 0.5, -0.25},
                        new double[] {-2.0, 0.1, 0.7},
                        new double[] {0.3, 0.3, 0.3})))
                .isCloseTo(1.027347735549056, within(1e-12));
    }

    @Test
    void withoutInteractionsPopularityIsUndefinedAndNoveltyIsUniform() {
        Map<String, Long> none = Map.of("a", 0L, "b", 0L, "c", 0L, "d", 0L, "e", 0L);
        List<MetricValue> values = totals(LISTS, none, KS).compute(KS);
        assertThat(values)
                .filteredOn(v -> v.name().equals("popularity@2"))
                .singleElement()
                .satisfies(v -> assertThat(v.reason()).isEqualTo("no interaction in the window"));
        // every item's smoothed share is 1 / C
        assertThat(value(values, BeyondAccuracy.NOVELTY, 3)).isCloseTo(Math.log(5) / Math.log(2), within(1e-12));
    }

    @Test
    void fewerThanTwoListsOrVectorsAreUndefinedAndZeroVectorsRefused() {
        assertThat(Personalization.of(List.of(new int[] {1, 2}))).isNaN();
        assertThat(IntraListDiversity.of(List.of(new double[] {1, 2}))).isNaN();
        assertThatThrownBy(() -> IntraListDiversity.of(List.of(new double[] {0, 0}, new double[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BeyondAccuracy.withoutItems(KS))
                .hasSize(10)
                .allSatisfy(v -> assertThat(v.reason()).isEqualTo(BeyondAccuracy.NO_ITEM_ID));
    }

    /** The item index visits only pairs that share an item; brute force visits every pair. */
    @Test
    void personalizationMatchesEveryPairCompared() {
        SplittableRandom random = new SplittableRandom(28);
        List<int[]> sets = new ArrayList<>();
        for (int l = 0; l < 400; l++) {
            Set<Integer> items = new HashSet<>();
            int size = 1 + random.nextInt(10);
            while (items.size() < size) {
                // a few popular items and a long tail
                items.add(random.nextDouble() < 0.5 ? random.nextInt(8) : random.nextInt(2000));
            }
            sets.add(items.stream().mapToInt(Integer::intValue).toArray());
        }
        double sum = 0;
        long pairs = 0;
        for (int a = 0; a < sets.size(); a++) {
            for (int b = a + 1; b < sets.size(); b++) {
                Set<Integer> union = new HashSet<>();
                Set<Integer> both = new HashSet<>();
                for (int i : sets.get(a)) {
                    union.add(i);
                }
                for (int i : sets.get(b)) {
                    if (!union.add(i)) {
                        both.add(i);
                    }
                }
                sum += (double) both.size() / union.size();
                pairs++;
            }
        }
        assertThat(Personalization.of(sets)).isCloseTo(1 - sum / pairs, within(1e-12));
    }
}
