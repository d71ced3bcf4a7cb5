package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputReader;
import dev.verity.metrics.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Types the columns of a prediction or label log and names, for each row, the first reason it
 * cannot be evaluated (null when it can). Rows with a reason go to the quarantine; nothing is
 * dropped without being counted there.
 */
final class RowValidation {
    static final String REASON = "_reason";
    static final String COLUMN = "_column";
    static final String FILE = "_file";
    static final String RAW = "_raw";
    /** The columns validation adds beside the typed ones. */
    static final List<String> ADDED = List.of(REASON, COLUMN, FILE, RAW);

    private static final String ORIGINAL = "_original";
    private static final String CORRUPT = "_corrupt";

    private RowValidation() {}

    private record Check(String reason, String column, Column fails) {}

    static Dataset<Row> predictions(Dataset<Row> raw, Task task, List<String> extraColumns) {
        List<Column> typed = new ArrayList<>(List.of(
                trim(col("prediction_id").cast("string")).as("prediction_id"),
                ColumnParsing.timestamp(raw, "ts").as("ts"),
                col("model").cast("string").as("model"),
                col("model_version").cast("string").as("model_version"),
                ColumnParsing.number(raw, "score").as("score")));
        boolean itemIds = task == Task.RANKING
                && Arrays.asList(raw.columns()).contains(BeyondAccuracyAggregation.ITEM_ID)
                && !extraColumns.contains(BeyondAccuracyAggregation.ITEM_ID);
        if (task == Task.RANKING) {
            typed.add(col("query_id").cast("string").as("query_id"));
        }
        if (itemIds) {
            typed.add(
                    trim(col(BeyondAccuracyAggregation.ITEM_ID).cast("string")).as(BeyondAccuracyAggregation.ITEM_ID));
        }
        for (String extra : extraColumns) {
            typed.add(col(extra));
        }
        Column score = col("score");
        List<Check> checks = new ArrayList<>(malformed(raw));
        checks.add(nullId());
        checks.add(new Check("bad_timestamp", "ts", col("ts").isNull()));
        checks.add(new Check("null_model", "model", col("model").isNull()));
        checks.add(new Check(
                "null_model_version", "model_version", col("model_version").isNull()));
        checks.add(new Check("non_numeric_score", "score", score.isNull()));
        checks.add(new Check("non_finite_score", "score", notFinite(score)));
        if (task == Task.BINARY) {
            checks.add(new Check("score_out_of_range", "score", score.lt(0).or(score.gt(1))));
        }
        if (task == Task.RANKING) {
            checks.add(new Check("null_query_id", "query_id", col("query_id").isNull()));
        }
        if (itemIds) {
            Column item = col(BeyondAccuracyAggregation.ITEM_ID);
            checks.add(new Check(
                    "null_item_id",
                    BeyondAccuracyAggregation.ITEM_ID,
                    item.isNull().or(item.equalTo(""))));
        }
        return withVerdict(raw, typed, checks);
    }

    static Dataset<Row> labels(Dataset<Row> raw, Task task) {
        List<Column> typed = List.of(
                trim(col("prediction_id").cast("string")).as("prediction_id"),
                ColumnParsing.timestamp(raw, "label_ts").as("label_ts"),
                ColumnParsing.number(raw, "label").as("label"));
        Column label = col("label");
        List<Check> checks = new ArrayList<>(malformed(raw));
        checks.add(nullId());
        checks.add(new Check("bad_timestamp", "label_ts", col("label_ts").isNull()));
        checks.add(new Check("non_numeric_label", "label", label.isNull()));
        checks.add(new Check("non_finite_label", "label", notFinite(label)));
        if (task == Task.BINARY) {
            checks.add(new Check("label_not_binary", "label", label.notEqual(0).and(label.notEqual(1))));
        } else if (task == Task.RANKING) {
            checks.add(new Check("negative_relevance", "label", label.lt(0)));
        }
        return withVerdict(raw, typed, checks);
    }

    private static Check nullId() {
        return new Check(
                "null_id",
                "prediction_id",
                col("prediction_id").isNull().or(col("prediction_id").equalTo("")));
    }

    private static List<Check> malformed(Dataset<Row> raw) {
        if (Arrays.asList(raw.columns()).contains(InputReader.CORRUPT)) {
            return List.of(new Check("malformed_row", "*", col(CORRUPT).isNotNull()));
        }
        return List.of();
    }

    /**
     * Parses each value once, then judges the typed columns: the checks read the parsed values by
     * name, so a score is not parsed again for every rule it must pass.
     */
    private static Dataset<Row> withVerdict(Dataset<Row> raw, List<Column> typed, List<Check> checks) {
        List<Column> parsed = new ArrayList<>(typed);
        parsed.add(input_file_name().as(FILE));
        Column[] original =
                Arrays.stream(raw.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        parsed.add(struct(original).as(ORIGINAL));
        if (Arrays.asList(raw.columns()).contains(InputReader.CORRUPT)) {
            parsed.add(col(InputReader.CORRUPT).as(CORRUPT));
        }
        Dataset<Row> values = raw.select(parsed.toArray(Column[]::new));
        Column reason = lit(null).cast("string");
        Column column = lit(null).cast("string");
        // Built from the last check back so the first failing check names the row.
        for (int i = checks.size() - 1; i >= 0; i--) {
            Check check = checks.get(i);
            reason = when(check.fails(), lit(check.reason())).otherwise(reason);
            column = when(check.fails(), lit(check.column())).otherwise(column);
        }
        List<Column> out = new ArrayList<>();
        for (String name : values.columns()) {
            if (!List.of(FILE, ORIGINAL, CORRUPT).contains(name)) {
                out.add(col("`" + name + "`"));
            }
        }
        out.add(reason.as(REASON));
        out.add(column.as(COLUMN));
        out.add(col(FILE));
        // Only the quarantine selects this; column pruning skips it for valid rows.
        out.add(to_json(col(ORIGINAL)).as(RAW));
        return values.select(out.toArray(Column[]::new));
    }

    private static Column notFinite(Column c) {
        return isnan(c).or(c.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }
}
