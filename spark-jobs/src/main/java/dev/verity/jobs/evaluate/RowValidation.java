package dev.verity.jobs.evaluate;

import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

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

    private RowValidation() {
    }

    private record Check(String reason, String column, Column fails) {
    }

    static Dataset<Row> predictions(Dataset<Row> raw, Task task, List<String> extraColumns) {
        Column id = trim(col("prediction_id").cast("string"));
        Column ts = ColumnParsing.timestamp(raw, "ts");
        Column model = col("model").cast("string");
        Column version = col("model_version").cast("string");
        Column score = ColumnParsing.number(raw, "score");

        List<Check> checks = new ArrayList<>(malformed(raw));
        checks.add(new Check("null_id", "prediction_id", id.isNull().or(id.equalTo(""))));
        checks.add(new Check("bad_timestamp", "ts", ts.isNull()));
        checks.add(new Check("null_model", "model", model.isNull()));
        checks.add(new Check("null_model_version", "model_version", version.isNull()));
        checks.add(new Check("non_numeric_score", "score", score.isNull()));
        checks.add(new Check("non_finite_score", "score", notFinite(score)));
        if (task == Task.BINARY) {
            checks.add(new Check("score_out_of_range", "score", score.lt(0).or(score.gt(1))));
        }
        List<Column> out = new ArrayList<>(List.of(id.as("prediction_id"), ts.as("ts"), model.as("model"),
                version.as("model_version"), score.as("score")));
        if (task == Task.RANKING) {
            Column query = col("query_id").cast("string");
            checks.add(new Check("null_query_id", "query_id", query.isNull()));
            out.add(query.as("query_id"));
        }
        for (String extra : extraColumns) {
            out.add(col(extra));
        }
        return withVerdict(raw, out, checks);
    }

    static Dataset<Row> labels(Dataset<Row> raw, Task task) {
        Column id = trim(col("prediction_id").cast("string"));
        Column labelTs = ColumnParsing.timestamp(raw, "label_ts");
        Column label = ColumnParsing.number(raw, "label");

        List<Check> checks = new ArrayList<>(malformed(raw));
        checks.add(new Check("null_id", "prediction_id", id.isNull().or(id.equalTo(""))));
        checks.add(new Check("bad_timestamp", "label_ts", labelTs.isNull()));
        checks.add(new Check("non_numeric_label", "label", label.isNull()));
        checks.add(new Check("non_finite_label", "label", notFinite(label)));
        if (task == Task.BINARY) {
            checks.add(new Check("label_not_binary", "label", label.notEqual(0).and(label.notEqual(1))));
        } else if (task == Task.RANKING) {
            checks.add(new Check("negative_relevance", "label", label.lt(0)));
        }
        return withVerdict(raw, List.of(id.as("prediction_id"), labelTs.as("label_ts"), label.as("label")), checks);
    }

    private static List<Check> malformed(Dataset<Row> raw) {
        if (Arrays.asList(raw.columns()).contains(InputReader.CORRUPT)) {
            return List.of(new Check("malformed_row", "*", col(InputReader.CORRUPT).isNotNull()));
        }
        return List.of();
    }

    private static Dataset<Row> withVerdict(Dataset<Row> raw, List<Column> typed, List<Check> checks) {
        Column reason = lit(null).cast("string");
        Column column = lit(null).cast("string");
        // Built from the last check back so the first failing check names the row.
        for (int i = checks.size() - 1; i >= 0; i--) {
            Check check = checks.get(i);
            reason = when(check.fails(), lit(check.reason())).otherwise(reason);
            column = when(check.fails(), lit(check.column())).otherwise(column);
        }
        List<Column> out = new ArrayList<>(typed);
        out.add(reason.as(REASON));
        out.add(column.as(COLUMN));
        out.add(input_file_name().as(FILE));
        // Only the quarantine selects this; column pruning skips it for valid rows.
        Column[] original = Arrays.stream(raw.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        out.add(to_json(struct(original)).as(RAW));
        return raw.select(out.toArray(Column[]::new));
    }

    private static Column notFinite(Column c) {
        return isnan(c).or(c.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }
}
