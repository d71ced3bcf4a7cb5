package dev.verity.jobs.pairs;

import static dev.verity.bench.Timing.median;
import static dev.verity.bench.Timing.seconds;

import dev.ludovic.netlib.blas.BLAS;
import dev.verity.jobs.VeritySpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * All-pairs top-K of N users with d-dimensional embeddings, against (a) a plain single-threaded
 * triple loop with the same heaps, (b) the GEMM rate of the same BLAS library on this machine
 * (one large dgemm per core, both cores busy) and (c) the kernel alone over the block grid.
 * Usage: bench/spark-bench.sh dev.verity.jobs.pairs.PairsBenchmark [users] [dim] [top] [repeats].
 * It lives in the scorer's package to time its block kernel without the Spark job around it.
 */
public final class PairsBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Embeddings pool = randomPool(n, d);
        double pairFlops = (double) n * (n - 1) / 2 * 2 * d;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "N=%d d=%d K=%d, %d cores, BLAS kernel: %s, pair work %.3g flop%n",
                n,
                d,
                k,
                cores,
                BlockProduct.kernelName(),
                pairFlops);

        double gemm = median(repeats, () -> gemmRate(1024, cores));
        System.out.printf(
                Locale.ROOT,
                "machine GEMM rate (dgemm 1024^3 on each of %d cores at once): %.2f GFLOP/s%n",
                cores,
                gemm / 1e9);
        double blockGemm = median(repeats, () -> gemmShapeRate(512, d, cores));
        System.out.printf(
                Locale.ROOT,
                "GEMM rate at the scorer's block shape (512 x 512 x %d, %d cores): %.2f GFLOP/s%n",
                d,
                cores,
                blockGemm / 1e9);

        SparkSession spark = VeritySpark.session();
        for (int block : new int[] {256, 512, 1024}) {
            PairScorer scorer = new PairScorer(spark, block);
            scorer.topK(pool, k); // warm-up: JIT and Spark's first job
            double seconds = median(repeats, () -> seconds(() -> scorer.topK(pool, k)));
            System.out.printf(
                    Locale.ROOT,
                    "verity pairs, B=%d: median %.2f s = %.2f GFLOP/s = %.0f%% of the machine's GEMM rate%n",
                    block,
                    seconds,
                    pairFlops / seconds / 1e9,
                    100 * pairFlops / seconds / gemm);
        }
        double kernel = median(repeats, () -> seconds(() -> kernelOnly(pool, 512)));
        System.out.printf(
                Locale.ROOT,
                "kernel alone over the 512-block grid, one thread: median %.2f s = %.2f GFLOP/s%n",
                kernel,
                pairFlops / kernel / 1e9);
        double heaps = median(
                repeats,
                () -> seconds(() ->
                        PairScorer.scoreBlocks(pool, PairScorer.grid(n, 512).iterator(), 512, new TopKHeaps(n, k))));
        System.out.printf(
                Locale.ROOT,
                "kernel and top-K heaps over the 512-block grid, one thread, no Spark: median %.2f s%n",
                heaps);
        double loop = median(Math.min(repeats, 2), () -> seconds(() -> plainLoop(pool, k)));
        System.out.printf(
                Locale.ROOT,
                "plain triple loop, one thread: median %.2f s = %.2f GFLOP/s%n",
                loop,
                pairFlops / loop / 1e9);
    }

    static Embeddings randomPool(int n, int d) {
        SplittableRandom random = new SplittableRandom(1);
        String[] ids = new String[n];
        double[] vectors = new double[n * d];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format(Locale.ROOT, "user-%07d", i);
        }
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = random.nextDouble(-1, 1);
        }
        return new Embeddings(ids, vectors, d);
    }

    /** Flop/s of one square dgemm per core, all cores at once. */
    static double gemmRate(int size, int cores) {
        return parallelRate(cores, () -> {
            double[] a = filled(size * size);
            double[] b = filled(size * size);
            double[] c = new double[size * size];
            long start = System.nanoTime();
            BLAS.getInstance().dgemm("N", "N", size, size, size, 1.0, a, size, b, size, 0.0, c, size);
            return 2.0 * size * size * size / ((System.nanoTime() - start) / 1e9);
        });
    }

    /** Flop/s of many block-shaped dgemms (B x d times d x B) per core, all cores at once. */
    static double gemmShapeRate(int block, int d, int cores) {
        return parallelRate(cores, () -> {
            double[] a = filled(block * d);
            double[] b = filled(block * d);
            double[] c = new double[block * block];
            int reps = 200;
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                BLAS.getInstance().dgemm("T", "N", block, block, d, 1.0, a, d, b, d, 0.0, c, block);
            }
            return reps * 2.0 * block * block * d / ((System.nanoTime() - start) / 1e9);
        });
    }

    private static double parallelRate(int threads, Supplier<Double> work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> rates = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                rates.add(pool.submit(work::get));
            }
            double total = 0;
            for (Future<Double> f : rates) {
                total += f.get();
            }
            return total;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    private static void kernelOnly(Embeddings pool, int block) {
        double[] scores = new double[block * block];
        for (PairScorer.BlockPair b : PairScorer.grid(pool.size(), block)) {
            BlockProduct.scores(pool.vectors(), pool.dim(), b.p0(), b.np(), b.q0(), b.nq(), scores);
        }
    }

    /** What a user would write: every pair once, a dot product loop, the same bounded heaps. */
    static TopKHeaps plainLoop(Embeddings pool, int k) {
        int n = pool.size();
        int d = pool.dim();
        double[] v = pool.vectors();
        TopKHeaps heaps = new TopKHeaps(n, k);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int x = 0; x < d; x++) {
                    s += v[i * d + x] * v[j * d + x];
                }
                heaps.offer(i, j, s);
                heaps.offer(j, i, s);
            }
        }
        return heaps;
    }

    private static double[] filled(int size) {
        SplittableRandom random = new SplittableRandom(size);
        double[] a = new double[size];
        Arrays.setAll(a, i -> random.nextDouble());
        return a;
    }
}
