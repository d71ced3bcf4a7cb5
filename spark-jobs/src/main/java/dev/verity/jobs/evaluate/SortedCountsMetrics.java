package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import dev.verity.metrics.BinaryCounts;
import dev.verity.metrics.ComputedMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Binary metrics of groups too large for one task, on the sorted-counts engine: the rows are
 * range-partitioned by (group, score) and sorted, so equal scores of a group share a partition;
 * each partition compresses its rows into runs (score, positives, negatives). A first pass
 * counts each partition's positives and negatives per group, the driver turns those into the
 * offsets below each partition, and a second pass walks every partition's runs with its offsets
 * ({@link BinaryCounts}); the partial states merge into each group's exact metrics, as MLlib's
 * {@code BinaryClassificationMetrics} does with its cumulative counts.
 */
final class SortedCountsMetrics {
    private static final String GROUP_ID = "_group";
    /** Rows a range partition aims at: its runs (28 bytes each) are held in memory while walked. */
    private static final long ROWS_PER_PARTITION = 1_000_000L;

    private SortedCountsMetrics() {}

    /**
     * @param expanded one row per (row, slice) with {@link MetricAggregation#GROUP}, score and label
     * @param groups   the keys of the groups to compute here
     * @param rows     how many rows of {@code expanded} those groups hold
     * @param maxRowsInTask no range partition holds more than about this many rows, nor more than 1M
     */
    static List<MetricAggregation.GroupMetrics> compute(
            Dataset<Row> expanded, List<Row> groups, long rows, long maxRowsInTask, MetricOptions options) {
        SparkSession spark = expanded.sparkSession();
        StructType keyType = new StructType(Arrays.stream(MetricAggregation.GROUP)
                        .map(g -> expanded.schema().apply(g))
                        .toArray(org.apache.spark.sql.types.StructField[]::new))
                .add(GROUP_ID, DataTypes.IntegerType, false);
        List<Row> keyed = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Object[] values = Arrays.copyOf(rowValues(groups.get(i)), MetricAggregation.GROUP.length + 1);
            values[MetricAggregation.GROUP.length] = i;
            keyed.add(RowFactory.create(values));
        }
        long perPartition = Math.min(maxRowsInTask, ROWS_PER_PARTITION);
        int partitions =
                (int) Math.max(spark.sparkContext().defaultParallelism(), (rows + perPartition - 1) / perPartition);
        Dataset<Row> sorted = expanded.join(broadcast(spark.createDataFrame(keyed, keyType)), MetricAggregation.GROUP)
                .select(col(GROUP_ID), col("score"), col("label"))
                .repartitionByRange(partitions, col(GROUP_ID), col("score"))
                .sortWithinPartitions(GROUP_ID, "score");
        JavaRDD<ScoreRuns> runs =
                sorted.toJavaRDD().mapPartitions(SortedCountsMetrics::compress).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // collect() keeps partition order, and each partition yields exactly one ScoreRuns.
            List<long[][]> counts =
                    runs.map(r -> r.countsByGroup(groups.size())).collect();
            long[][] totals = new long[groups.size()][2];
            // below[p][g]: the positives and negatives of group g in the partitions before p.
            long[][][] below = new long[counts.size()][groups.size()][];
            for (int p = 0; p < counts.size(); p++) {
                for (int g = 0; g < groups.size(); g++) {
                    below[p][g] = totals[g].clone();
                    totals[g][0] += counts.get(p)[g][0];
                    totals[g][1] += counts.get(p)[g][1];
                }
            }
            Broadcast<Offsets> shared = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(new Offsets(below, totals, options.threshold(), options.calibrationBins()));
            BinaryCounts[] merged = new BinaryCounts[groups.size()];
            for (Map<Integer, BinaryCounts> partial :
                    runs.map(r -> r.walk(shared.value())).collect()) {
                partial.forEach((g, state) -> merged[g] = merged[g] == null ? state : merged[g].merge(state));
            }
            shared.destroy();
            List<MetricAggregation.GroupMetrics> out = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                BinaryCounts state = merged[g] == null
                        ? new BinaryCounts(options.threshold(), options.calibrationBins())
                        : merged[g];
                out.add(MetricAggregation.GroupMetrics.of(groups.get(g), ComputedMetrics.of(state)));
            }
            return out;
        } finally {
            runs.unpersist(false);
        }
    }

    private static Object[] rowValues(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return values;
    }

    private static Iterator<ScoreRuns> compress(Iterator<Row> sortedRows) {
        ScoreRuns runs = new ScoreRuns(TaskContext.getPartitionId());
        while (sortedRows.hasNext()) {
            Row row = sortedRows.next();
            runs.add(row.getInt(0), row.getDouble(1), row.getDouble(2) == 1.0);
        }
        return List.of(runs).iterator();
    }

    /** The offsets below each partition and the totals of each group, shared with the tasks. */
    private record Offsets(long[][][] below, long[][] totals, double threshold, int calibrationBins)
            implements Serializable {}

    /** One partition's rows as runs: consecutive rows of one group with one score. */
    static final class ScoreRuns implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int partition;
        private int size;
        private int[] group = new int[1024];
        private double[] score = new double[1024];
        private long[] positives = new long[1024];
        private long[] negatives = new long[1024];

        ScoreRuns(int partition) {
            this.partition = partition;
        }

        void add(int g, double s, boolean positive) {
            if (size == 0 || group[size - 1] != g || score[size - 1] != s) {
                if (size == group.length) {
                    int capacity = size + (size >> 1);
                    group = Arrays.copyOf(group, capacity);
                    score = Arrays.copyOf(score, capacity);
                    positives = Arrays.copyOf(positives, capacity);
                    negatives = Arrays.copyOf(negatives, capacity);
                }
                group[size] = g;
                score[size] = s;
                size++;
            }
            if (positive) {
                positives[size - 1]++;
            } else {
                negatives[size - 1]++;
            }
        }

        long[][] countsByGroup(int groups) {
            long[][] counts = new long[groups][2];
            for (int i = 0; i < size; i++) {
                counts[group[i]][0] += positives[i];
                counts[group[i]][1] += negatives[i];
            }
            return counts;
        }

        Map<Integer, BinaryCounts> walk(Offsets offsets) {
            Map<Integer, BinaryCounts> out = new HashMap<>();
            int i = 0;
            while (i < size) {
                int g = group[i];
                long[] below = offsets.below()[partition][g];
                long[] total = offsets.totals()[g];
                BinaryCounts.Walk walk = BinaryCounts.walk(
                        offsets.threshold(), offsets.calibrationBins(), total[0], total[1], below[0], below[1]);
                for (; i < size && group[i] == g; i++) {
                    walk.add(score[i], positives[i], negatives[i]);
                }
                out.put(g, walk.result());
            }
            return out;
        }
    }
}
