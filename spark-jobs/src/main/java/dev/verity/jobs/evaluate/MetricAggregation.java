package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.udaf;

import dev.verity.metrics.BinaryState;
import dev.verity.metrics.ComputedMetrics;
import dev.verity.metrics.MetricValue;
import dev.verity.metrics.RegressionState;
import dev.verity.metrics.Task;
import dev.verity.metrics.beyondaccuracy.BeyondAccuracy;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * Every metric of every (model, version, window, slice) in one aggregation over the labelled
 * rows: each row is expanded into its slices and one metric state per group collects it, so
 * the cost does not grow with the number of metrics, and slices share one pass.
 */
public final class MetricAggregation {
    static final String[] GROUP = {"model", "model_version", "window_start", "window_end", "slice"};

    private MetricAggregation() {}

    /**
     * Groups with more labelled rows than this (Spark conf {@value #MAX_ROWS_IN_TASK_CONF}) get
     * their binary metrics from the sorted-counts engine instead of one task's in-memory state
     * (8 bytes a row, sorted in that task).
     */
    public static final String MAX_ROWS_IN_TASK_CONF = "spark.verity.evaluate.maxGroupRowsInTask";

    static final long MAX_ROWS_IN_TASK = 8_000_000L;

    /** The metrics of one group. */
    public record GroupMetrics(
            String model,
            String modelVersion,
            Timestamp windowStart,
            Timestamp windowEnd,
            String slice,
            ComputedMetrics metrics) {

        /** The group's {@link #GROUP} values, as {@link #keyOf(Row)} reads them from a row. */
        List<Object> key() {
            return Arrays.asList(model, modelVersion, windowStart, windowEnd, slice);
        }

        /** @param key a row whose first fields are {@link #GROUP} */
        static GroupMetrics of(Row key, ComputedMetrics metrics) {
            return new GroupMetrics(
                    key.getString(0),
                    key.getString(1),
                    key.getTimestamp(2),
                    key.getTimestamp(3),
                    key.getString(4),
                    metrics);
        }
    }

    /**
     * @param labelled rows with model, model_version, window_start, window_end, score, label
     *                 (and query_id for ranking) and the slice columns
     * @param rows     how many rows {@code labelled} holds: no group holds more
     */
    public static List<GroupMetrics> compute(
            Dataset<Row> labelled, long rows, Task task, SliceSpec slices, MetricOptions options) {
        List<Column> columns = new ArrayList<>();
        for (String g : GROUP) {
            columns.add(g.equals("slice") ? explode(slices.sliceNames()).as("slice") : col(g));
        }
        columns.add(col("score"));
        columns.add(col("label"));
        boolean itemIds =
                task == Task.RANKING && Arrays.asList(labelled.columns()).contains(BeyondAccuracyAggregation.ITEM_ID);
        if (task == Task.RANKING) {
            columns.add(col("query_id"));
        }
        if (itemIds) {
            columns.add(col(BeyondAccuracyAggregation.ITEM_ID));
        }
        Dataset<Row> expanded = labelled.select(columns.toArray(Column[]::new));
        Column[] group =
                Arrays.stream(GROUP).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return switch (task) {
            case BINARY -> binary(expanded, rows, group, options);
            case REGRESSION ->
                collect(expanded.groupBy(group)
                        .agg(pointMetrics(new StateAggregator<>(
                                        RegressionState.class, RegressionState::new, RegressionState::add))
                                .as("m")));
            case RANKING -> {
                UserDefinedFunction perQuery =
                        udaf(new QueryAggregator(options.ks(), options.relevantAt()), StateAggregator.inputEncoder());
                UserDefinedFunction perSlice =
                        udaf(new RankingMergeAggregator(options.ks(), options.relevantAt()), Encoders.BINARY());
                Column[] groupAndQuery = Arrays.copyOf(group, group.length + 1);
                groupAndQuery[group.length] = col("query_id");
                List<GroupMetrics> ranking = collect(expanded.groupBy(groupAndQuery)
                        .agg(perQuery.apply(col("score"), col("label")).as("q"))
                        .groupBy(group)
                        .agg(perSlice.apply(col("q")).as("m")));
                yield withBeyondAccuracy(ranking, itemIds ? expanded : null, options);
            }
        };
    }

    /**
     * The ranking metrics with those beyond accuracy added: computed from {@code withItems}, the
     * rows with their item_id, or each undefined without it.
     */
    private static List<GroupMetrics> withBeyondAccuracy(
            List<GroupMetrics> ranking, Dataset<Row> withItems, MetricOptions options) {
        Map<List<Object>, List<MetricValue>> beyond = withItems == null
                ? Map.of()
                : BeyondAccuracyAggregation.compute(
                        withItems,
                        options.ks(),
                        options.relevantAt(),
                        options.itemFeatures() == null
                                ? null
                                : ItemFeatures.read(withItems.sparkSession(), options.itemFeatures()));
        List<GroupMetrics> out = new ArrayList<>(ranking.size());
        for (GroupMetrics g : ranking) {
            List<MetricValue> values = new ArrayList<>(g.metrics().values());
            values.addAll(withItems == null ? BeyondAccuracy.withoutItems(options.ks()) : beyond.get(g.key()));
            out.add(new GroupMetrics(
                    g.model(),
                    g.modelVersion(),
                    g.windowStart(),
                    g.windowEnd(),
                    g.slice(),
                    new ComputedMetrics(g.metrics().n(), values)));
        }
        return out;
    }

    /**
     * Groups up to the in-task limit get one task's in-memory state; larger ones go straight to
     * the sorted-counts engine, so no group's size is bounded by a task's memory and no state is
     * filled for a group that cannot fit. Only when the rows could form a group over the limit
     * is each group's size counted first; below it the metrics take the single pass alone.
     */
    private static List<GroupMetrics> binary(Dataset<Row> expanded, long rows, Column[] group, MetricOptions options) {
        double threshold = options.threshold(); // the tasks' state factory captures these, not the options
        int bins = options.calibrationBins();
        long limit = Long.parseLong(
                expanded.sparkSession().conf().get(MAX_ROWS_IN_TASK_CONF, Long.toString(MAX_ROWS_IN_TASK)));
        List<Row> large = new ArrayList<>();
        long largeRows = 0;
        if (rows > limit) {
            for (Row size : expanded.groupBy(group).count().collectAsList()) {
                if (size.getLong(GROUP.length) > limit) {
                    large.add(RowFactory.create(size.get(0), size.get(1), size.get(2), size.get(3), size.get(4)));
                    largeRows += size.getLong(GROUP.length);
                }
            }
        }
        Dataset<Row> small = large.isEmpty()
                ? expanded
                : expanded.join(
                        broadcast(expanded.sparkSession()
                                .createDataFrame(large, expanded.select(group).schema())),
                        GROUP,
                        "left_anti");
        List<GroupMetrics> out = collect(small.groupBy(group)
                .agg(pointMetrics(new StateAggregator<>(
                                BinaryState.class, () -> new BinaryState(threshold, bins), BinaryState::add))
                        .as("m")));
        if (!large.isEmpty()) {
            out.addAll(SortedCountsMetrics.compute(expanded, large, largeRows, limit, options));
        }
        return out;
    }

    /** The {@link #GROUP} values of a row whose first fields are they. */
    static List<Object> keyOf(Row r) {
        return Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
    }

    private static List<GroupMetrics> collect(Dataset<Row> aggregated) {
        List<GroupMetrics> out = new ArrayList<>();
        for (Row row : aggregated.collectAsList()) {
            out.add(GroupMetrics.of(row, ComputedMetrics.fromBytes((byte[]) row.get(5))));
        }
        return out;
    }

    private static Column pointMetrics(StateAggregator<?> aggregator) {
        return udaf(aggregator, StateAggregator.inputEncoder()).apply(col("score"), col("label"));
    }
}
