package dev.verity.metrics.slices;

/**
 * A slice as one long: up to {@link #MAX_DEPTH} predicates {@code column = value}, 16 bits each
 * (4 bits for the column plus one, 12 for the value's code), ordered by column from the lowest
 * bits up. The bits above hold the population (model, version and window) the slice is of.
 */
public final class SliceKey {
    private SliceKey() {}

    public static final int MAX_DEPTH = 3;
    public static final int MAX_COLUMNS = 15;
    public static final int MAX_VALUES = 4095;
    public static final int MAX_POPULATIONS = 65_535;

    private static final int BITS = 16;
    private static final int VALUE_BITS = 12;
    private static final long PREDICATE_MASK = (1L << BITS) - 1;
    private static final long SLICE_MASK = (1L << (BITS * MAX_DEPTH)) - 1;

    /** The predicate {@code column = value}, its column and value as codes. */
    public static int predicate(int column, int value) {
        if (column < 0 || column >= MAX_COLUMNS || value < 0 || value > MAX_VALUES) {
            throw new IllegalArgumentException("column " + column + ", value " + value + " out of range");
        }
        return ((column + 1) << VALUE_BITS) | value;
    }

    public static int column(int predicate) {
        return (predicate >>> VALUE_BITS) - 1;
    }

    public static int value(int predicate) {
        return predicate & MAX_VALUES;
    }

    /** The slice of {@code population} defined by {@code predicates}, ordered by column. */
    public static long of(int population, int... predicates) {
        long key = (long) population << (BITS * MAX_DEPTH);
        for (int i = 0; i < predicates.length; i++) {
            key |= (long) predicates[i] << (BITS * i);
        }
        return key;
    }

    public static int population(long key) {
        return (int) (key >>> (BITS * MAX_DEPTH));
    }

    public static int depth(long key) {
        int depth = 0;
        while (depth < MAX_DEPTH && predicateAt(key, depth) != 0) {
            depth++;
        }
        return depth;
    }

    public static int predicateAt(long key, int i) {
        return (int) ((key >>> (BITS * i)) & PREDICATE_MASK);
    }

    /** The slice with one more predicate, on a column after all of the slice's. */
    static long with(long key, int predicate) {
        return key | ((long) predicate << (BITS * depth(key)));
    }

    /** The slice without its {@code i}-th predicate. */
    static long without(long key, int i) {
        long slice = key & SLICE_MASK;
        long low = slice & ((1L << (BITS * i)) - 1);
        long high = (slice >>> (BITS * (i + 1))) << (BITS * i);
        return (key & ~SLICE_MASK) | low | high;
    }
}
