package dev.verity.bench;

import java.util.Arrays;
import java.util.function.Supplier;

/** Wall-clock timing for the Spark benchmarks: a run's seconds, and the median of repeated measures. */
public final class Timing {
    private Timing() {}

    public static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    public static double median(int repeats, Supplier<Double> measure) {
        double[] values = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            values[i] = measure.get();
        }
        Arrays.sort(values);
        return values[repeats / 2];
    }
}
