package dev.verity.metrics.slices;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The per-row losses of one slice summed: rows, sum, sum of squares, largest, and how many fall
 * in each of {@link #BUCKETS} loss buckets (upper edges 2^-8, 2^-7, ..., 2^2, then unbounded). A
 * sub-slice's counts never exceed its slice's in any bucket, which bounds what it can reach.
 */
public final class LossStats implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int BUCKETS = 12;
    private static final int SMALLEST_EXPONENT = -8;

    private long n;
    private double sum;
    private double sumSquares;
    private double max = Double.NEGATIVE_INFINITY;
    private final long[] buckets = new long[BUCKETS];

    public void add(double loss) {
        n++;
        sum += loss;
        sumSquares += loss * loss;
        max = Math.max(max, loss);
        buckets[bucket(loss)]++;
    }

    public LossStats merge(LossStats other) {
        n += other.n;
        sum += other.sum;
        sumSquares += other.sumSquares;
        max = Math.max(max, other.max);
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] += other.buckets[i];
        }
        return this;
    }

    /** The rest of {@code total} outside this slice (its largest loss unknown: not kept). */
    public LossStats restOf(LossStats total) {
        LossStats rest = new LossStats();
        rest.n = total.n - n;
        rest.sum = total.sum - sum;
        rest.sumSquares = total.sumSquares - sumSquares;
        rest.max = Double.NaN;
        for (int i = 0; i < BUCKETS; i++) {
            rest.buckets[i] = total.buckets[i] - buckets[i];
        }
        return rest;
    }

    static int bucket(double loss) {
        if (!(loss > 0)) {
            return 0;
        }
        int exponent = Math.getExponent(loss) + (loss == Math.scalb(1.0, Math.getExponent(loss)) ? 0 : 1);
        return Math.min(BUCKETS - 1, Math.max(0, exponent - SMALLEST_EXPONENT));
    }

    /** The upper edge of bucket {@code i} (the last: unbounded). */
    static double upperEdge(int i) {
        return i == BUCKETS - 1 ? Double.POSITIVE_INFINITY : Math.scalb(1.0, i + SMALLEST_EXPONENT);
    }

    public long n() {
        return n;
    }

    public double sum() {
        return sum;
    }

    public double max() {
        return max;
    }

    long bucketCount(int i) {
        return buckets[i];
    }

    public double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The sample variance (n - 1 in the denominator); 0 for fewer than two rows. */
    public double variance() {
        if (n < 2) {
            return 0;
        }
        return Math.max(0, (sumSquares - sum * sum / n) / (n - 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossStats s
                && n == s.n
                && sum == s.sum
                && sumSquares == s.sumSquares
                && Double.compare(max, s.max) == 0
                && Arrays.equals(buckets, s.buckets);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(n) * 31 + Double.hashCode(sum);
    }
}
