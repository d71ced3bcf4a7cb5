package dev.verity.jobs.pairs;

import dev.verity.store.BadInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
            throw new BadInputException("block size: must be at least 1, got " + blockSize);
        }
        this.spark = spark;
        this.blockSize = blockSize;
    }

    /** A square of the block grid: users [p0, p0+np) against [q0, q0+nq), p0 <= q0. */
    record BlockPair(int p0, int np, int q0, int nq) implements java.io.Serializable {}

    /** The result of a top-K run: rows of {@link #TOP_K}, and how many pairs were scored. */
    public record Result(List<Row> rows, long pairsScored) {}

    public Result topK(Embeddings pool, int k) {
        if (k < 1) {
            throw new BadInputException("top K: must be at least 1, got " + k);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Embeddings> shared = jsc.broadcast(pool);
        LongAccumulator scored = jsc.sc().longAccumulator("pairs scored");
        int size = pool.size();
        int block = blockSize; // the closure must not capture this scorer (and its SparkSession)
        // Each task keeps heaps for every user it meets; the tasks' heaps are then merged.
        TopKHeaps heaps = jsc.parallelize(grid(size, block), slices(jsc, size, block))
                .mapPartitions(blocks -> {
                    TopKHeaps local = new TopKHeaps(size, k);
                    scored.add(scoreBlocks(shared.value(), blocks, block, local));
                    return List.of(local).iterator();
                })
                .treeReduce(TopKHeaps::merge);
        List<Row> rows = new ArrayList<>();
        for (int user = 0; user < size; user++) {
            TopKHeaps.Ranked ranked = heaps.ranked(user);
            for (int r = 0; r < ranked.peers().length; r++) {
                rows.add(RowFactory.create(pool.ids()[user], pool.ids()[ranked.peers()[r]], ranked.scores()[r], r + 1));
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
     * Scores the given block pairs of {@code pool} and offers every pair to both users' heaps.
     * Returns the number of pairs scored.
     */
    static long scoreBlocks(Embeddings pool, Iterator<BlockPair> blocks, int blockSize, TopKHeaps heaps) {
        double[] scores = new double[blockSize * blockSize];
        long pairs = 0;
        while (blocks.hasNext()) {
            BlockPair b = blocks.next();
            BlockProduct.scores(pool.vectors(), pool.dim(), b.p0, b.np, b.q0, b.nq, scores);
            pairs += offerAll(b, scores, heaps);
        }
        return pairs;
    }

    /**
     * Offers each pair of a scored block to both users' heaps. The scores are column-major, so
     * the inner loop runs down a column; a pair below both users' thresholds costs two compares.
     */
    private static long offerAll(BlockPair b, double[] scores, TopKHeaps heaps) {
        long pairs = 0;
        boolean diagonal = b.p0 == b.q0;
        for (int j = 0; j < b.nq; j++) {
            int peer = b.q0 + j;
            int rows = diagonal ? j : b.np;
            int column = j * b.np;
            double peerThreshold = heaps.threshold(peer);
            for (int i = 0; i < rows; i++) {
                double s = scores[column + i];
                int user = b.p0 + i;
                if (s >= heaps.threshold(user)) {
                    heaps.offer(user, peer, s);
                }
                if (s >= peerThreshold) {
                    heaps.offer(peer, user, s);
                    peerThreshold = heaps.threshold(peer);
                }
            }
            pairs += rows;
        }
        return pairs;
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
        return Math.max(1, Math.min(blocks * (blocks + 1) / 2, jsc.defaultParallelism()));
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
