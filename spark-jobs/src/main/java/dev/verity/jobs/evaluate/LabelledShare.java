package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.Task;
import dev.verity.store.MetricRecord;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What share of each window's and slice's predictions has a label that counts: the metric
 * {@value MetricCatalog#LABELLED_SHARE}, stored beside the others so that a value computed on a
 * fifth of its window's predictions reads as such. Its {@code n} is the predictions, counted
 * once each (duplicates and quarantined rows apart), so a window with none labelled has it too.
 */
final class LabelledShare {
    private LabelledShare() {}

    /**
     * @param predicted one row per evaluated prediction id with its window, slice columns and
     *                  label (null when none counts)
     */
    static List<MetricRecord> metricRows(
            Dataset<Row> predicted, SliceSpec slices, Task task, String runId, Timestamp now) {
        Column[] group = Arrays.stream(MetricAggregation.GROUP)
                .map(g -> g.equals("slice") ? explode(slices.sliceNames()).as("slice") : col(g))
                .toArray(Column[]::new);
        List<MetricRecord> rows = new ArrayList<>();
        for (Row g : predicted
                .select(group[0], group[1], group[2], group[3], group[4], col("label"))
                .groupBy(MetricAggregation.GROUP[0], Arrays.copyOfRange(MetricAggregation.GROUP, 1, 5))
                .agg(count(lit(1)), count(col("label")))
                .collectAsList()) {
            long predictions = g.getLong(5);
            rows.add(new MetricRecord(
                    g.getString(0),
                    g.getString(1),
                    task.id(),
                    g.getTimestamp(2),
                    g.getTimestamp(3),
                    g.getString(4),
                    MetricCatalog.LABELLED_SHARE,
                    g.getLong(6) / (double) predictions,
                    predictions,
                    null,
                    runId,
                    now));
        }
        return rows;
    }
}
