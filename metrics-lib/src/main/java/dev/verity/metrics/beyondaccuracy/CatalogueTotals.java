package dev.verity.metrics.beyondaccuracy;

import dev.verity.metrics.MetricValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A window and slice's catalogue summed item by item, all that coverage@K, novelty@K and
 * popularity@K need, so a distributed aggregation can add the items up in one pass. The
 * catalogue is the distinct items of the lists; for item i, n_i is its interactions (list
 * entries with relevance at or above the relevant threshold) and, for each K, w_i is the sum of
 * 1 / |top K of the list| over the lists with i in their top K.
 *
 * <ul>
 *   <li>coverage@K: the share of the catalogue in some list's top K;
 *   <li>novelty@K: the mean over lists of the mean over its top K of -log2 p_i, with p_i = (n_i +
 *       1) / (N + C), the item's share of the N interactions, add-one smoothed over the C items
 *       so an item nobody interacted with has a finite novelty. As sum_i w_i = lists, it is
 *       log2(N + C) - sum_i w_i log2(n_i + 1) / lists;
 *   <li>popularity@K (ARP): the mean over lists of the mean over its top K of n_i / N, the
 *       item's share of the interactions.
 * </ul>
 *
 * @param items                   C, the catalogue
 * @param interactions            N, the sum of n_i
 * @param lists                   the lists
 * @param covered                 per K, the items in some list's top K
 * @param weight                  per K, sum_i w_i
 * @param weightedLogInteractions per K, sum_i w_i log2(n_i + 1)
 * @param weightedInteractions    per K, sum_i w_i n_i
 */
public record CatalogueTotals(
        long items,
        long interactions,
        long lists,
        long[] covered,
        double[] weight,
        double[] weightedLogInteractions,
        double[] weightedInteractions) {

    public List<MetricValue> compute(int[] ks) {
        List<MetricValue> out = new ArrayList<>(3 * ks.length);
        for (int i = 0; i < ks.length; i++) {
            out.add(MetricValue.of(BeyondAccuracy.name(BeyondAccuracy.COVERAGE, ks[i]), (double) covered[i] / items));
        }
        double smoothedTotal = log2(interactions + items);
        for (int i = 0; i < ks.length; i++) {
            out.add(MetricValue.of(
                    BeyondAccuracy.name(BeyondAccuracy.NOVELTY, ks[i]),
                    (smoothedTotal * weight[i] - weightedLogInteractions[i]) / lists));
        }
        for (int i = 0; i < ks.length; i++) {
            String name = BeyondAccuracy.name(BeyondAccuracy.POPULARITY, ks[i]);
            out.add(
                    interactions == 0
                            ? MetricValue.undefined(name, "no interaction in the window")
                            : MetricValue.of(name, weightedInteractions[i] / interactions / lists));
        }
        return out;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
