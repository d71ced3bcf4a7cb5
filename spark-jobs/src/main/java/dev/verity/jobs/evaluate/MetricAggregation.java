package dev.verity.jobs.evaluate;

import dev.verity.metrics.BinaryState;
import dev.verity.metrics.ComputedMetrics;
import dev.verity.metrics.RegressionState;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.udaf;

/**
 * Every metric of every (model, version, window, slice) in one aggregation over the labelled
 * rows: each row is expanded into its slices and one metric state per group collects it, so
 * the cost does not grow with the number of metrics, and slices share one pass.
 */
public final class MetricAggregation {
    static final String[] GROUP = {"model", "model_version", "window_start", "window_end", "slice"};

    private MetricAggregation() {
    }

    /** The metrics of one group. */
    public record GroupMetrics(String model, String modelVersion, Timestamp windowStart, Timestamp windowEnd,
                               String slice, ComputedMetrics metrics) {
    }

    /**
     * @param labelled rows with model, model_version, window_start, window_end, score, label
     *                 (and query_id for ranking) and the slice columns
     */
    public static List<GroupMetrics> compute(Dataset<Row> labelled, Task task, SliceSpec slices, double threshold, int[] ks) {
        List<Column> columns = new ArrayList<>();
        for (String g : GROUP) {
            columns.add(g.equals("slice") ? explode(slices.sliceNames()).as("slice") : col(g));
        }
        columns.add(col("score"));
        columns.add(col("label"));
        if (task == Task.RANKING) {
            columns.add(col("query_id"));
        }
        Dataset<Row> expanded = labelled.select(columns.toArray(Column[]::new));
        Column[] group = java.util.Arrays.stream(GROUP).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> aggregated = switch (task) {
            case BINARY -> expanded.groupBy(group).agg(pointMetrics(
                    new StateAggregator<>(BinaryState.class, () -> new BinaryState(threshold), BinaryState::add)).as("m"));
            case REGRESSION -> expanded.groupBy(group).agg(pointMetrics(
                    new StateAggregator<>(RegressionState.class, RegressionState::new, RegressionState::add)).as("m"));
            case RANKING -> {
                UserDefinedFunction perQuery = udaf(new QueryAggregator(ks), StateAggregator.inputEncoder());
                UserDefinedFunction perSlice = udaf(new RankingMergeAggregator(ks), Encoders.BINARY());
                Column[] groupAndQuery = java.util.Arrays.copyOf(group, group.length + 1);
                groupAndQuery[group.length] = col("query_id");
                yield expanded.groupBy(groupAndQuery).agg(perQuery.apply(col("score"), col("label")).as("q"))
                        .groupBy(group).agg(perSlice.apply(col("q")).as("m"));
            }
        };
        List<GroupMetrics> out = new ArrayList<>();
        for (Row row : aggregated.collectAsList()) {
            out.add(new GroupMetrics(row.getString(0), row.getString(1), row.getTimestamp(2), row.getTimestamp(3),
                    row.getString(4), ComputedMetrics.fromBytes((byte[]) row.get(5))));
        }
        return out;
    }

    private static Column pointMetrics(StateAggregator<?> aggregator) {
        return udaf(aggregator, StateAggregator.inputEncoder()).apply(col("score"), col("label"));
    }
}
