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

    /** The median wall seconds of {@code repeats} runs of {@code work}; each run's time goes to stderr. */
    public static double medianSeconds(int repeats, String name, Supplier<?> work) {
        int[] run = {0};
        return median(repeats, () -> {
            double seconds = seconds(work::get);
            System.err.printf(java.util.Locale.ROOT, "%s run %d: %.2f s%n", name, ++run[0], seconds);
            return seconds;
        });
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
