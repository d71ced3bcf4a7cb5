package dev.verity.jobs.pairs;

import dev.verity.jobs.BadInputException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The blocked pair scorer: every unordered pair of a pool scored once as a dot product. The
 * upper triangle of the N x N score matrix is cut into blocks of B users; each task takes some
 * block pairs, computes each as one matrix product and keeps a bounded top-K heap per user;
 * the heaps of all tasks are then merged per user.
 */
public final class PairScorer {
    public static final StructType TOP_K = new StructType()
            .add("user_id", DataTypes.StringType, false)
            .add("peer_id", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("rank", DataTypes.IntegerType, false);
    public static final StructType ALL_PAIRS = new StructType()
            .add("user_id", DataTypes.StringType, false)
            .add("peer_id", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false);

    private final SparkSession spark;
    private final int blockSize;

    public PairScorer(SparkSession spark, int blockSize) {
        if (blockSize < 1) {
            throw new BadInputException("--block-size: must be at least 1, got " + blockSize);
        }
        this.spark = spark;
        this.blockSize = blockSize;
    }

    /** A square of the block grid: users [p0, p0+np) against [q0, q0+nq), p0 <= q0. */
    record BlockPair(int p0, int np, int q0, int nq) implements java.io.Serializable {
    }

    /** The result of a top-K run: rows of {@link #TOP_K}, and how many pairs were scored. */
    public record Result(List<Row> rows, long pairsScored) {
    }

    public Result topK(Embeddings pool, int k) {
        if (k < 1) {
            throw new BadInputException("--top-k: must be at least 1, got " + k);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Embeddings> shared = jsc.broadcast(pool);
        LongAccumulator scored = jsc.sc().longAccumulator("pairs scored");
        int size = pool.size();
        int block = blockSize; // the closure must not capture this scorer (and its SparkSession)
        JavaPairRDD<Integer, TopK> heaps = jsc.parallelize(grid(size, block), slices(jsc, size, block)).mapPartitionsToPair(blocks -> {
            TopK[] local = new TopK[size];
            scored.add(scoreBlocks(shared.value(), blocks, block, k, local));
            List<Tuple2<Integer, TopK>> out = new ArrayList<>();
            for (int u = 0; u < local.length; u++) {
                if (local[u] != null) {
                    out.add(new Tuple2<>(u, local[u]));
                }
            }
            return out.iterator();
        });
        List<Tuple2<Integer, TopK>> merged = new ArrayList<>(heaps.reduceByKey(TopK::merge).collect());
        merged.sort((a, b) -> Integer.compare(a._1(), b._1()));
        List<Row> rows = new ArrayList<>();
        for (Tuple2<Integer, TopK> user : merged) {
            TopK.Ranked ranked = user._2().ranked();
            for (int r = 0; r < ranked.peers().length; r++) {
                rows.add(RowFactory.create(pool.ids()[user._1()], pool.ids()[ranked.peers()[r]], ranked.scores()[r], r + 1));
            }
        }
        shared.destroy();
        return new Result(rows, scored.value());
    }

    /** Every pair with {@code user_id < peer_id}, block by block, never collected on the driver. */
    public Dataset<Row> allPairs(Embeddings pool) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Embeddings> shared = jsc.broadcast(pool);
        int block = blockSize;
        JavaRDD<Row> rows = jsc.parallelize(grid(pool.size(), block), slices(jsc, pool.size(), block))
                .mapPartitions(blocks -> new PairRows(shared.value(), blocks, block));
        return spark.createDataFrame(rows, ALL_PAIRS);
    }

    /**
     * Scores the given block pairs of {@code pool} and offers every pair to both users' heaps
     * (created on first use) in {@code heaps}. Returns the number of pairs scored.
     */
    static long scoreBlocks(Embeddings pool, Iterator<BlockPair> blocks, int blockSize, int k, TopK[] heaps) {
        double[] scores = new double[blockSize * blockSize];
        long pairs = 0;
        while (blocks.hasNext()) {
            BlockPair b = blocks.next();
            BlockProduct.scores(pool.vectors(), pool.dim(), b.p0, b.np, b.q0, b.nq, scores);
            pairs += offerAll(b, scores, heaps, k);
        }
        return pairs;
    }

    /** Offers each pair of the block to both users' heaps; returns the number of pairs. */
    private static long offerAll(BlockPair b, double[] scores, TopK[] heaps, int k) {
        long pairs = 0;
        boolean diagonal = b.p0 == b.q0;
        for (int j = 0; j < b.nq; j++) {
            int peer = b.q0 + j;
            TopK peerHeap = heap(heaps, peer, k);
            int rows = diagonal ? j : b.np;
            for (int i = 0; i < rows; i++) {
                double s = scores[i + j * b.np];
                int user = b.p0 + i;
                heap(heaps, user, k).offer(peer, s);
                peerHeap.offer(user, s);
            }
            pairs += rows;
        }
        return pairs;
    }

    private static TopK heap(TopK[] heaps, int user, int k) {
        TopK h = heaps[user];
        if (h == null) {
            h = new TopK(k);
            heaps[user] = h;
        }
        return h;
    }

    /** The upper triangle of the block grid of {@code size} users, diagonal blocks included. */
    static List<BlockPair> grid(int size, int blockSize) {
        List<BlockPair> pairs = new ArrayList<>();
        for (int p0 = 0; p0 < size; p0 += blockSize) {
            for (int q0 = p0; q0 < size; q0 += blockSize) {
                pairs.add(new BlockPair(p0, Math.min(blockSize, size - p0), q0, Math.min(blockSize, size - q0)));
            }
        }
        return pairs;
    }

    private static int slices(JavaSparkContext jsc, int size, int blockSize) {
        int blocks = (size + blockSize - 1) / blockSize;
        return Math.max(1, Math.min(blocks * (blocks + 1) / 2, 4 * jsc.defaultParallelism()));
    }

    /** Streams the rows of a partition's blocks one block at a time. */
    private static final class PairRows implements Iterator<Row> {
        private final Embeddings pool;
        private final Iterator<BlockPair> blocks;
        private final double[] scores;
        private BlockPair block;
        private int i;
        private int j;

        PairRows(Embeddings pool, Iterator<BlockPair> blocks, int blockSize) {
            this.pool = pool;
            this.blocks = blocks;
            this.scores = new double[blockSize * blockSize];
        }

        @Override
        public boolean hasNext() {
            while (block == null || j >= block.nq) {
                if (!blocks.hasNext()) {
                    return false;
                }
                block = blocks.next();
                BlockProduct.scores(pool.vectors(), pool.dim(), block.p0, block.np, block.q0, block.nq, scores);
                i = 0;
                j = 0;
                skipLowerTriangle();
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Row row = RowFactory.create(pool.ids()[block.p0 + i], pool.ids()[block.q0 + j], scores[i + j * block.np]);
            i++;
            if (i >= block.np) {
                i = 0;
                j++;
            }
            skipLowerTriangle();
            return row;
        }

        /** On a diagonal block only i < j is a pair (i == j is the user itself). */
        private void skipLowerTriangle() {
            while (block.p0 == block.q0 && j < block.nq && i >= j) {
                i = 0;
                j++;
            }
        }
    }
}
