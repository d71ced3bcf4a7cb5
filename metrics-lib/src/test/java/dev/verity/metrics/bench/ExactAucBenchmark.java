package dev.verity.metrics.bench;

import dev.verity.metrics.BinaryCounts;
import dev.verity.metrics.BinaryState;
import dev.verity.metrics.Calibration;
import dev.verity.metrics.MetricValue;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Exact ROC AUC on 10M rows: BinaryState (all 12 binary metrics including the DeLong interval)
 * and the sorted-counts engine's pure part (BinaryCounts walked over ascending score runs, as
 * one range partition does) against a plain single-threaded loop computing the AUC alone from
 * primitive arrays. Run: see BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx4g"})
public class ExactAucBenchmark {
    /** Range partitions one group's runs are cut into. */
    private static final int SEGMENTS = 10;

    @Param({"10000000"})
    int rows;

    /** "continuous": unrounded scores; "rounded": 4 decimals, so many ties. */
    @Param({"continuous", "rounded"})
    String scores;

    double[] score;
    double[] label;

    @Setup
    public void generate() {
        SplittableRandom random = new SplittableRandom(7);
        score = new double[rows];
        label = new double[rows];
        for (int i = 0; i < rows; i++) {
            label[i] = random.nextDouble() < 0.3 ? 1 : 0;
            double s = Math.min(1, Math.max(0, 0.4 + 0.2 * label[i] + 0.2 * (random.nextDouble() - 0.5)));
            score[i] = scores.equals("rounded") ? Math.rint(s * 1e4) / 1e4 : s;
        }
    }

    @Benchmark
    public List<MetricValue> verityAllBinaryMetrics() {
        BinaryState state = new BinaryState(0.5);
        for (int i = 0; i < rows; i++) {
            state.add(score[i], label[i]);
        }
        return state.compute();
    }

    /**
     * The sorted-counts engine on one thread: the rows split by class and sorted, merged into
     * ascending runs (score, positives, negatives) and walked in {@code SEGMENTS} segments with
     * the counts below each, whose states are merged, as the range partitions of one group are.
     */
    @Benchmark
    public List<MetricValue> sortedCountsAllBinaryMetrics() {
        double[][] byClass = sortedByClass();
        double[] pos = byClass[0];
        double[] neg = byClass[1];
        long perSegment = (rows + SEGMENTS - 1) / SEGMENTS;
        BinaryCounts merged = null;
        BinaryCounts.Walk walk = BinaryCounts.walk(0.5, Calibration.DEFAULT_BINS, pos.length, neg.length, 0, 0);
        long inSegment = 0;
        int p = 0;
        int n = 0;
        while (p < pos.length || n < neg.length) {
            double s = Math.min(
                    p < pos.length ? pos[p] : Double.POSITIVE_INFINITY,
                    n < neg.length ? neg[n] : Double.POSITIVE_INFINITY);
            int p0 = p;
            int n0 = n;
            while (p < pos.length && pos[p] == s) {
                p++;
            }
            while (n < neg.length && neg[n] == s) {
                n++;
            }
            if (inSegment >= perSegment) {
                merged = merged == null ? walk.result() : merged.merge(walk.result());
                walk = BinaryCounts.walk(0.5, Calibration.DEFAULT_BINS, pos.length, neg.length, p0, n0);
                inSegment = 0;
            }
            walk.add(s, p - p0, n - n0);
            inSegment += (p - p0) + (n - n0);
        }
        merged = merged == null ? walk.result() : merged.merge(walk.result());
        return merged.compute();
    }

    private double[][] sortedByClass() {
        int m = 0;
        for (double l : label) {
            m += l == 1 ? 1 : 0;
        }
        double[] pos = new double[m];
        double[] neg = new double[rows - m];
        for (int i = 0, p = 0, n = 0; i < rows; i++) {
            if (label[i] == 1) {
                pos[p++] = score[i];
            } else {
                neg[n++] = score[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        return new double[][] {pos, neg};
    }

    /** What a user would write: split by class, sort, count ordered pairs with half credit for ties. */
    @Benchmark
    public double plainLoopAucOnly() {
        double[][] byClass = sortedByClass();
        double[] pos = byClass[0];
        double[] neg = byClass[1];
        double pairs = 0;
        int below = 0;
        int upTo = 0;
        for (double x : pos) {
            while (below < neg.length && neg[below] < x) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < neg.length && neg[upTo] == x) {
                upTo++;
            }
            pairs += below + 0.5 * (upTo - below);
        }
        return pairs / ((double) pos.length * neg.length);
    }
}
