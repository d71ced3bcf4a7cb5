package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Predictions and labels meet in one shuffle keyed by {@code prediction_id}. Per id, the earliest
 * valid prediction is chosen, every valid label is classified against it (counting, late,
 * invalid, orphan) and the latest counting label wins; a quarantined row travels alone under a
 * key of its own. One output row per id (or per quarantined row) carries the chosen prediction,
 * its winning label and the counts of each outcome, so the run's accounting, the quarantine and
 * the metric pass all read this one result.
 */
final class PredictionOutcomes {
    /** The quarantined row's record (null for valid ids): source, file, column, reason, prediction_id, raw. */
    static final String QUARANTINED = "_quarantined";
    /** Valid copies of the prediction (0 for an id seen only in labels). */
    static final String COPIES = "_copies";
    /** Valid labels for the id, and how many of them count, are invalid (before ts) or orphans. */
    static final String LABELS = "_labels";

    static final String COUNTING = "_counting";
    static final String INVALID = "_invalid";
    static final String ORPHANS = "_orphans";
    /** The latest {@code label_ts} among the id's valid labels, whether they count or not. */
    static final String NEWEST_LABEL = "_newest_label";
    /** True for the id's chosen prediction (false for ids with labels only and for quarantined rows). */
    static final String PREDICTED = "_predicted";

    private static final String PREDICTION = "_p";
    private static final String LABEL = "_l";

    private PredictionOutcomes() {}

    /**
     * @param predictions validated predictions ({@link RowValidation#predictions}); their typed
     *                    columns other than {@code prediction_id} are carried to the output
     * @param labels      validated labels ({@link RowValidation#labels})
     */
    static Dataset<Row> of(
            Dataset<Row> predictions,
            Dataset<Row> labels,
            String predictionsInput,
            String labelsInput,
            long labelWindowSeconds) {
        List<String> carried = Arrays.stream(predictions.columns())
                .filter(c -> !c.equals("prediction_id") && !RowValidation.ADDED.contains(c))
                .toList();
        StructType predictionType = new StructType(
                carried.stream().map(c -> predictions.schema().apply(c)).toArray(StructField[]::new));
        StructType labelType =
                new StructType().add("label_ts", DataTypes.TimestampType).add("label", DataTypes.DoubleType);

        Dataset<Row> sides = sides(
                        predictions,
                        LogSource.PREDICTIONS.id(),
                        predictionsInput,
                        0,
                        struct(carried.stream().map(c -> col(quoted(c))).toArray(Column[]::new)),
                        col("ts"),
                        nullOf(labelType),
                        col("ts"))
                .unionByName(sides(
                        labels,
                        LogSource.LABELS.id(),
                        labelsInput,
                        1,
                        nullOf(predictionType),
                        lit(null).cast(DataTypes.TimestampType),
                        struct(col("label_ts"), col("label")),
                        col("label_ts")));

        // The window and the aggregation share one partitioning by id: a single shuffle. Every
        // label is classified against the earliest valid prediction of its id with plain column
        // expressions (no per-id arrays), and of the counting labels the latest wins.
        Column[] key = {col("prediction_id"), col("_seq")};
        Column ts = min(col("_pts")).over(Window.partitionBy(key));
        Column delay = unix_micros(col(LABEL + ".label_ts")).minus(unix_micros(col("_ts")));
        Dataset<Row> classified = sides.withColumn("_ts", ts)
                .withColumn("_counts", delay.between(0, labelWindowSeconds * 1_000_000L))
                .withColumn("_before", delay.lt(0));
        Dataset<Row> perId = classified
                .groupBy(key)
                .agg(
                        min_by(col(PREDICTION), col("_pts")).as(PREDICTION),
                        count(col("_pts")).as(COPIES),
                        count(col(LABEL)).as(LABELS),
                        count(when(col("_counts"), 1)).as(COUNTING),
                        count(when(col("_before"), 1)).as(INVALID),
                        max(when(col("_counts"), col(LABEL))).as(LABEL),
                        max(col(LABEL + ".label_ts")).as(NEWEST_LABEL),
                        first(col(QUARANTINED), true).as(QUARANTINED));

        Column predicted = col(PREDICTION).isNotNull();
        List<Column> out = new ArrayList<>();
        for (String c : carried) {
            out.add(col(PREDICTION + "." + quoted(c)).as(c));
        }
        out.add(col(LABEL + ".label").as("label"));
        out.add(predicted.as(PREDICTED));
        out.add(col(COPIES));
        out.add(col(LABELS));
        out.add(col(COUNTING));
        out.add(col(INVALID));
        out.add(when(predicted, 0L).otherwise(col(LABELS)).as(ORPHANS));
        out.add(col(QUARANTINED));
        out.add(col(NEWEST_LABEL));
        return perId.select(out.toArray(Column[]::new));
    }

    /**
     * One side in the shared layout. A valid row is keyed by its id; a quarantined one also by a
     * sequence number unique across both sides, so it forms a group of its own, and keeps the
     * time the row states ({@code ownTime}), so a run over a time range replaces only its own.
     */
    private static Dataset<Row> sides(
            Dataset<Row> validated,
            String source,
            String input,
            int side,
            Column prediction,
            Column predictionTs,
            Column label,
            Column ownTime) {
        Column bad = col(RowValidation.REASON).isNotNull();
        Column valid = col(RowValidation.REASON).isNull();
        Column quarantined = struct(
                lit(input).as("input"),
                lit(source).as("source"),
                col(RowValidation.FILE).as("file"),
                col(RowValidation.COLUMN).as("column"),
                col(RowValidation.REASON).as("reason"),
                col("prediction_id"),
                col(RowValidation.RAW).as("raw"),
                ownTime.as("ts"));
        return validated.select(
                col("prediction_id"),
                when(bad, monotonically_increasing_id().multiply(2).plus(side)).as("_seq"),
                when(valid, prediction).as(PREDICTION),
                when(valid, predictionTs).as("_pts"),
                when(valid, label).as(LABEL),
                when(bad, quarantined).as(QUARANTINED));
    }

    private static Column nullOf(DataType type) {
        return lit(null).cast(type);
    }

    private static String quoted(String column) {
        return "`" + column + "`";
    }
}
