package dev.verity.metrics.beyondaccuracy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * personalization@K: 1 minus the mean Jaccard overlap |A ∩ B| / |A ∪ B| of the top-K item sets
 * of two lists, over every pair of lists. Pairs that share no item add 0, so only pairs sharing
 * one are visited, through an index from each item to the lists holding it.
 */
public final class Personalization {
    private Personalization() {}

    /**
     * @param sets each list's distinct items, as indexes
     * @return NaN with fewer than two lists
     */
    public static double of(List<int[]> sets) {
        int n = sets.size();
        if (n < 2) {
            return Double.NaN;
        }
        Map<Integer, List<Integer>> listsOfItem = new HashMap<>();
        int[] shared = new int[n];
        List<Integer> touched = new ArrayList<>();
        double jaccardSum = 0;
        for (int a = 0; a < n; a++) {
            int[] items = sets.get(a);
            for (int item : items) {
                for (int b : listsOfItem.getOrDefault(item, List.of())) {
                    if (shared[b]++ == 0) {
                        touched.add(b);
                    }
                }
            }
            for (int b : touched) {
                int both = shared[b];
                jaccardSum += (double) both / (items.length + sets.get(b).length - both);
                shared[b] = 0;
            }
            touched.clear();
            for (int item : items) {
                listsOfItem.computeIfAbsent(item, i -> new ArrayList<>()).add(a);
            }
        }
        return 1 - jaccardSum / (n * (n - 1L) / 2.0);
    }
}
