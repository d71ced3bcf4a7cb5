package dev.verity.metrics;

import java.util.Arrays;

/**
 * NDCG@K of one query with linear gain, DCG = sum rel_i / log2(i + 1) over the top K positions.
 * Items with tied scores share their positions: each gets the mean relevance of its tie group,
 * as scikit-learn's {@code ndcg_score(ignore_ties=False)}.
 */
public final class Ndcg {
    private Ndcg() {
    }

    /**
     * @return NDCG@k of the query, or null when its ideal DCG is 0 (no item with relevance > 0)
     * @throws IllegalArgumentException on a negative or non-finite relevance or a NaN score
     */
    public static Double ofQuery(double[] scores, double[] relevance, int k) {
        if (scores.length != relevance.length) {
            throw new IllegalArgumentException("scores and relevance differ in length");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i]) || !(relevance[i] >= 0) || Double.isInfinite(relevance[i])) {
                throw new IllegalArgumentException("item " + i + ": score " + scores[i] + ", relevance " + relevance[i]);
            }
        }
        double ideal = idealDcg(relevance, k);
        if (ideal == 0) {
            return null;
        }
        return tieAveragedDcg(scores, relevance, k) / ideal;
    }

    static double discount(int position) {
        return 1.0 / (Math.log(position + 2.0) / Math.log(2.0));
    }

    private static double idealDcg(double[] relevance, int k) {
        double[] sorted = relevance.clone();
        Arrays.sort(sorted);
        double dcg = 0;
        int top = Math.min(k, sorted.length);
        for (int i = 0; i < top; i++) {
            dcg += sorted[sorted.length - 1 - i] * discount(i);
        }
        return dcg;
    }

    private static double tieAveragedDcg(double[] scores, double[] relevance, int k) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double dcg = 0;
        int start = 0;
        while (start < order.length && start < k) {
            int end = start;
            double relevanceSum = 0;
            while (end < order.length && scores[order[end]] == scores[order[start]]) {
                relevanceSum += relevance[order[end]];
                end++;
            }
            double discountSum = 0;
            for (int position = start; position < Math.min(end, k); position++) {
                discountSum += discount(position);
            }
            dcg += relevanceSum / (end - start) * discountSum;
            start = end;
        }
        return dcg;
    }
}
