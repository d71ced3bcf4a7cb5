package dev.verity.drift;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Exact category counts of a column (nulls are not a category here; callers count them apart). */
public final class CategoricalDistribution {
    private final TreeMap<String, Long> counts;
    private final long total;

    private CategoricalDistribution(TreeMap<String, Long> counts) {
        this.counts = counts;
        this.total = counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public static CategoricalDistribution ofCounts(Map<String, Long> counts) {
        TreeMap<String, Long> sorted = new TreeMap<>();
        counts.forEach((category, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("negative count for " + category);
            }
            if (count > 0) {
                sorted.put(category, count);
            }
        });
        return new CategoricalDistribution(sorted);
    }

    public static CategoricalDistribution of(String... sample) {
        TreeMap<String, Long> counts = new TreeMap<>();
        for (String s : sample) {
            counts.merge(s, 1L, Long::sum);
        }
        return new CategoricalDistribution(counts);
    }

    /** A numeric feature with few distinct values, compared as categories. */
    public static CategoricalDistribution of(NumericDistribution numeric) {
        TreeMap<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < numeric.distinct(); i++) {
            counts.put(Double.toString(numeric.value(i)), numeric.count(i));
        }
        return new CategoricalDistribution(counts);
    }

    public long total() {
        return total;
    }

    public long count(String category) {
        return counts.getOrDefault(category, 0L);
    }

    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The categories of either side, sorted. */
    static TreeSet<String> union(CategoricalDistribution a, CategoricalDistribution b) {
        TreeSet<String> all = new TreeSet<>(a.counts.keySet());
        all.addAll(b.counts.keySet());
        return all;
    }
}
