package dev.verity.metrics.internal;

import java.util.Arrays;

/** A growable array of primitive doubles: no boxing on the hot path. */
public final class DoubleList {
    private double[] values;
    private int size;

    public DoubleList() {
        this(16);
    }

    public DoubleList(int capacity) {
        values = new double[Math.max(capacity, 1)];
    }

    public static DoubleList wrap(double[] values) {
        DoubleList list = new DoubleList(0);
        list.values = values;
        list.size = values.length;
        return list;
    }

    public void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(16, size + (size >> 1)));
        }
        values[size++] = value;
    }

    public void addAll(DoubleList other) {
        ensureCapacity(size + other.size);
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
    }

    public double get(int index) {
        return values[index];
    }

    public int size() {
        return size;
    }

    /** Sorts in place (ascending, as {@link Arrays#sort(double[])}). */
    public void sort() {
        Arrays.sort(values, 0, size);
    }

    /** The backing array, valid up to {@link #size()}. */
    public double[] array() {
        return values;
    }

    public double[] toArray() {
        return Arrays.copyOf(values, size);
    }

    private void ensureCapacity(int capacity) {
        if (capacity > values.length) {
            values = Arrays.copyOf(values, Math.max(capacity, values.length + (values.length >> 1)));
        }
    }
}
