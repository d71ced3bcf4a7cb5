package dev.verity.metrics.bench;

import dev.verity.metrics.BinaryState;
import dev.verity.metrics.MetricValue;
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

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Exact ROC AUC on 10M rows: BinaryState (all 12 binary metrics including the DeLong interval)
 * against a plain single-threaded loop computing the AUC alone from primitive arrays.
 * Run: see BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ExactAucBenchmark {

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

    /** What a user would write: split by class, sort, count ordered pairs with half credit for ties. */
    @Benchmark
    public double plainLoopAucOnly() {
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
        return pairs / ((double) m * neg.length);
    }
}
