package dev.verity.metrics;

import java.util.Arrays;

/**
 * NDCG@K of one query with linear gain, DCG = sum rel_i / log2(i + 1) over the top K positions.
 * Items with tied scores share their positions: each gets the mean relevance of its tie group,
 * as scikit-learn's {@code ndcg_score(ignore_ties=False)}.
 */
public final class Ndcg {
    private Ndcg() {}

    /**
     * @return NDCG@k of the query, or null when its ideal DCG is 0 (no item with relevance > 0)
     * @throws IllegalArgumentException on a negative or non-finite relevance or a NaN score
     */
    public static Double ofQuery(double[] scores, double[] relevance, int k) {
        double[] ndcg = ofQuery(scores, relevance, new int[] {k});
        return ndcg == null ? null : ndcg[0];
    }

    /**
     * NDCG@k of the query for each k, sorting the items once; null when its ideal DCG is 0,
     * which for any k >= 1 means no item is relevant.
     */
    public static double[] ofQuery(double[] scores, double[] relevance, int[] ks) {
        if (scores.length != relevance.length) {
            throw new IllegalArgumentException("scores and relevance differ in length");
        }
        for (int k : ks) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i]) || !(relevance[i] >= 0) || Double.isInfinite(relevance[i])) {
                throw new IllegalArgumentException(
                        "item " + i + ": score " + scores[i] + ", relevance " + relevance[i]);
            }
        }
        double[] ascendingRelevance = relevance.clone();
        Arrays.sort(ascendingRelevance);
        Integer[] byScore = new Integer[scores.length];
        for (int i = 0; i < byScore.length; i++) {
            byScore[i] = i;
        }
        Arrays.sort(byScore, (a, b) -> Double.compare(scores[b], scores[a]));
        double[] ndcg = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            double ideal = idealDcg(ascendingRelevance, ks[i]);
            if (ideal == 0) {
                return null;
            }
            ndcg[i] = tieAveragedDcg(scores, relevance, byScore, ks[i]) / ideal;
        }
        return ndcg;
    }

    static double discount(int position) {
        return 1.0 / (Math.log(position + 2.0) / Math.log(2.0));
    }

    /** @param sorted the relevances in ascending order */
    private static double idealDcg(double[] sorted, int k) {
        double dcg = 0;
        int top = Math.min(k, sorted.length);
        for (int i = 0; i < top; i++) {
            dcg += sorted[sorted.length - 1 - i] * discount(i);
        }
        return dcg;
    }

    private static double tieAveragedDcg(double[] scores, double[] relevance, Integer[] order, int k) {
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
