package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.io.InputReader;
import dev.verity.metrics.Task;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Predictions joined with their labels as {@code evaluate} joins them (the rows validated, the
 * label window, duplicates and corrections resolved), for the commands that analyse the same
 * rows: every labelled prediction once, with its window.
 */
public final class LabelledRows {
    private LabelledRows() {}

    /** Both logs as read, their required columns checked. */
    record Inputs(Dataset<Row> predictions, Dataset<Row> labels) {}

    static Inputs read(
            SparkSession spark, LabelledInputs logs, Task task, List<String> extraColumns, InputScope scope) {
        String predictions = logs.predictions();
        String labels = logs.labels();
        InputReader reader = new InputReader(spark);
        TimeRange range = scope.range();
        Dataset<Row> p = InputReader.within(
                reader.read(predictions, scope.predictionFiles(), logs.predictionsFormat()), "ts", range);
        List<String> predictionColumns =
                new ArrayList<>(List.of("prediction_id", "ts", "model", "model_version", "score"));
        if (task == Task.RANKING) {
            predictionColumns.add("query_id");
        }
        predictionColumns.addAll(extraColumns);
        InputReader.requireColumns(p, predictions, predictionColumns);
        Dataset<Row> l = InputReader.within(
                reader.read(labels, scope.labelFiles(), logs.labelsFormat()),
                "label_ts",
                range.extendedBy(logs.labelWindowSeconds()));
        InputReader.requireColumns(l, labels, List.of("prediction_id", "label", "label_ts"));
        return new Inputs(p, l);
    }

    /**
     * One row per prediction id (or quarantined row): {@link PredictionOutcomes}. Over a range,
     * the predictions inside it and the labels that can count for them (from its start to its end
     * plus the label window); a row whose time cannot be read belongs to no range, and every run
     * over its input quarantines it.
     */
    static Dataset<Row> outcomes(
            Inputs inputs, Task task, List<String> extraColumns, LabelledInputs logs, TimeRange range) {
        long labelWindowSeconds = logs.labelWindowSeconds();
        Dataset<Row> p = RowValidation.predictions(inputs.predictions(), task, extraColumns);
        Dataset<Row> l = RowValidation.labels(inputs.labels(), task);
        if (!range.isAll()) {
            p = p.filter(range.keeps(col("ts")));
            l = l.filter(range.extendedBy(labelWindowSeconds).keeps(col("label_ts")));
        }
        return PredictionOutcomes.of(p, l, logs.predictions(), logs.labels(), labelWindowSeconds);
    }

    /** Of {@link #predicted} rows, the labelled ones. */
    public static Dataset<Row> labelled(Dataset<Row> predicted) {
        return predicted.filter(col("label").isNotNull());
    }

    /**
     * Every valid prediction once (of {@code range}) with model, model_version, ts, score, label
     * (null while none counts yet), the extra columns and window_start, window_end. Quarantined
     * rows are left out: {@code evaluate} counts and keeps them.
     */
    public static Dataset<Row> predicted(
            SparkSession spark,
            LabelledInputs logs,
            Task task,
            List<String> extraColumns,
            WindowSpec window,
            TimeRange range) {
        Inputs inputs = read(spark, logs, task, extraColumns, InputScope.of(range));
        Dataset<Row> outcomes = outcomes(inputs, task, extraColumns, logs, range);
        Timestamp first = null;
        Timestamp last = null;
        if (window.isAll()) { // one window over the predictions, as evaluate names it
            Row span = outcomes.filter(col(PredictionOutcomes.PREDICTED))
                    .agg(min("ts"), max("ts"))
                    .first();
            first = span.getTimestamp(0);
            last = span.getTimestamp(1);
        }
        return withWindows(outcomes.filter(col(PredictionOutcomes.PREDICTED)), window, first, last);
    }

    static Dataset<Row> withWindows(Dataset<Row> rows, WindowSpec window, Timestamp first, Timestamp last) {
        if (window.isAll()) {
            Timestamp start = first == null ? new Timestamp(0) : first;
            Timestamp end = last == null ? new Timestamp(0) : last;
            return rows.withColumn("window_start", lit(start)).withColumn("window_end", lit(end));
        }
        Column startSeconds =
                floor(unix_seconds(col("ts")).divide(window.seconds())).multiply(window.seconds());
        return rows.withColumn("window_start", timestamp_seconds(startSeconds))
                .withColumn("window_end", timestamp_seconds(startSeconds.plus(window.seconds())));
    }
}
