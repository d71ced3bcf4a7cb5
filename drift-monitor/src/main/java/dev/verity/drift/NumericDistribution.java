package dev.verity.drift;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact distribution of a numeric column: its distinct values in ascending order with their
 * counts. Built from per-value counts (one exact aggregation in Spark), it serves every numeric
 * test without the raw column. Nulls and NaN are not values here; callers count them apart.
 */
public final class NumericDistribution {
    private final double[] values;
    private final long[] counts;
    private final long[] countsBelow;
    private final long total;

    private NumericDistribution(double[] values, long[] counts) {
        this.values = values;
        this.counts = counts;
        this.countsBelow = new long[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            countsBelow[i + 1] = countsBelow[i] + counts[i];
        }
        this.total = countsBelow[values.length];
    }

    /** From value -> count pairs; values that are NaN or infinite are refused. */
    public static NumericDistribution ofCounts(Map<Double, Long> valueCounts) {
        TreeMap<Double, Long> sorted = new TreeMap<>();
        valueCounts.forEach((value, count) -> {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not a finite value: " + value);
            }
            if (count < 0) {
                throw new IllegalArgumentException("negative count for " + value);
            }
            if (count > 0) {
                // -0.0 and 0.0 are one value.
                sorted.merge(value == 0.0 ? 0.0 : value, count, Long::sum);
            }
        });
        double[] values = new double[sorted.size()];
        long[] counts = new long[sorted.size()];
        int i = 0;
        for (Map.Entry<Double, Long> e : sorted.entrySet()) {
            values[i] = e.getKey();
            counts[i++] = e.getValue();
        }
        return new NumericDistribution(values, counts);
    }

    public static NumericDistribution of(double... sample) {
        Map<Double, Long> counts = new TreeMap<>();
        for (double v : sample) {
            counts.merge(v, 1L, Long::sum);
        }
        return ofCounts(counts);
    }

    public long total() {
        return total;
    }

    public int distinct() {
        return values.length;
    }

    double value(int i) {
        return values[i];
    }

    long count(int i) {
        return counts[i];
    }

    /** How many values are strictly below {@code x}. */
    public long countBelow(double x) {
        int index = Arrays.binarySearch(values, x);
        return countsBelow[index >= 0 ? index : -index - 1];
    }

    /** How many values are at most {@code x}. */
    public long countAtMost(double x) {
        int index = Arrays.binarySearch(values, x);
        return countsBelow[index >= 0 ? index + 1 : -index - 1];
    }

    /** Receives each distinct value of two distributions, ascending, with both CDFs at it. */
    @FunctionalInterface
    interface UnionVisitor {
        void visit(double value, double cdfA, double cdfB);
    }

    /** Walks the sorted union of both distributions' values (each CDF includes the value). */
    static void walkUnion(NumericDistribution a, NumericDistribution b, UnionVisitor visitor) {
        int i = 0;
        int j = 0;
        long atMostA = 0;
        long atMostB = 0;
        while (i < a.values.length || j < b.values.length) {
            double x = j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j])
                    ? a.values[i]
                    : b.values[j];
            if (i < a.values.length && a.values[i] == x) {
                atMostA += a.counts[i++];
            }
            if (j < b.values.length && b.values[j] == x) {
                atMostB += b.counts[j++];
            }
            visitor.visit(x, (double) atMostA / a.total, (double) atMostB / b.total);
        }
    }

    public double mean() {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i] * counts[i];
        }
        return sum / total;
    }

    /** The population standard deviation (NumPy's {@code np.std}, ddof = 0). */
    public double populationStd() {
        double mean = mean();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += (values[i] - mean) * (values[i] - mean) * counts[i];
        }
        return Math.sqrt(sum / total);
    }

    /** The q-quantile with linear interpolation between order statistics (NumPy's default). */
    public double quantile(double q) {
        if (total == 0) {
            throw new IllegalStateException("no values");
        }
        double position = q * (total - 1);
        long below = (long) Math.floor(position);
        double lower = orderStatistic(below);
        double upper = orderStatistic(Math.min(below + 1, total - 1));
        return lower + (position - below) * (upper - lower);
    }

    /** The value of 0-based rank {@code rank} in sorted order. */
    private double orderStatistic(long rank) {
        int index = Arrays.binarySearch(countsBelow, rank + 1);
        int at = index >= 0 ? index - 1 : -index - 2;
        return values[at];
    }
}
