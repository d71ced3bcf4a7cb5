package dev.verity.metrics;

import java.util.Arrays;

/**
 * The binary-relevance ranking metrics of one query at each K: an item is relevant when its
 * relevance is at least {@code relevantAt}. Tied scores are handled as NDCG's are: each metric is
 * its expected value over every order of the tied items, all equally likely. That expectation is
 * exact and needs no enumeration: within a tie group of g items with r relevant, each position
 * holds a relevant item with probability r/g, two positions both with r(r-1)/(g(g-1)), and the
 * first relevant item's place in the group has a known distribution.
 *
 * <ul>
 *   <li>precision@K: relevant items in the top K / K (K, not the query's size, when it is shorter);
 *   <li>recall@K: relevant items in the top K / relevant items of the query;
 *   <li>hit_rate@K: 1 if a relevant item is in the top K;
 *   <li>mrr@K: 1 / the rank of the first relevant item, 0 if it is below K;
 *   <li>map@K: average precision at K, the sum over relevant positions i <= K of precision@i,
 *       divided by min(K, relevant items of the query).
 * </ul>
 */
public final class TopK {
    public static final String MRR = "mrr";
    public static final String MAP = "map";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String HIT_RATE = "hit_rate";
    /** The families, in the order {@link #ofQuery} returns them. */
    static final String[] FAMILIES = {MRR, MAP, PRECISION, RECALL, HIT_RATE};

    private TopK() {}

    /** The stored name of a family at K, as {@code mrr@10}. */
    public static String metricName(String family, int k) {
        return family + "@" + k;
    }

    /**
     * @return [family][index of K] in {@link #FAMILIES} order, or null when no item of the query is relevant
     */
    static double[][] ofQuery(double[] scores, double[] relevance, int[] ks, double relevantAt) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        // tie groups in rank order: where each starts, its size and its relevant items
        int[] start = new int[scores.length];
        int[] size = new int[scores.length];
        int[] relevant = new int[scores.length];
        int groups = 0;
        int totalRelevant = 0;
        for (int i = 0; i < order.length; i++) {
            if (i == 0 || scores[order[i]] != scores[order[i - 1]]) {
                start[groups++] = i;
            }
            size[groups - 1]++;
            if (relevance[order[i]] >= relevantAt) {
                relevant[groups - 1]++;
                totalRelevant++;
            }
        }
        if (totalRelevant == 0) {
            return null;
        }
        double[][] out = new double[FAMILIES.length][ks.length];
        for (int ki = 0; ki < ks.length; ki++) {
            int k = ks[ki];
            double inTop = 0;
            double averagePrecision = 0;
            double reciprocalRank = 0;
            double hit = 0;
            int above = 0;
            for (int gi = 0; gi < groups && start[gi] < k; gi++) {
                int s = start[gi];
                int g = size[gi];
                int r = relevant[gi];
                int taken = Math.min(s + g, k) - s;
                inTop += (double) r * taken / g;
                if (r > 0) {
                    double pairShare = g > 1 ? (r - 1.0) / (g - 1) : 0;
                    for (int p = s; p < s + taken; p++) {
                        averagePrecision += (double) r / g * (above + 1 + (p - s) * pairShare) / (p + 1);
                    }
                    if (above == 0) { // the first group holding a relevant item
                        double noneYet = 1; // the first j places of the group hold no relevant item
                        for (int j = 0; j < taken; j++) {
                            reciprocalRank += noneYet * r / (g - j) / (s + j + 1);
                            noneYet *= (double) (g - r - j) / (g - j);
                        }
                        hit = 1 - noneYet;
                    }
                }
                above += r;
            }
            out[0][ki] = reciprocalRank;
            out[1][ki] = averagePrecision / Math.min(k, totalRelevant);
            out[2][ki] = inTop / k;
            out[3][ki] = inTop / totalRelevant;
            out[4][ki] = hit;
        }
        return out;
    }
}
