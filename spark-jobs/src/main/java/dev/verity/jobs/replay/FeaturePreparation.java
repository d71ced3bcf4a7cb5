package dev.verity.jobs.replay;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.FeatureKind;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputReader;
import dev.verity.store.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * Typed copies of a model's feature columns, under hidden names so the input's own columns pass
 * through untouched: numbers parsed (a value that is not a number is an error naming the row and
 * column), categories as text with a missing value as the category {@code null}.
 */
final class FeaturePreparation {
    static final String PREFIX = "__verity_f_";

    private FeaturePreparation() {}

    static String hidden(String feature) {
        return PREFIX + feature;
    }

    /** Numeric when the column is numeric, or text in which every present value is a number. */
    static List<ModelCard.Feature> detectKinds(Dataset<Row> raw, List<String> features) {
        List<Column> notNumbers = new ArrayList<>();
        for (String f : features) {
            notNumbers.add(count(
                    when(col(f).isNotNull().and(ColumnParsing.number(raw, f).isNull()), lit(1))));
        }
        Row counts = raw.agg(
                        notNumbers.get(0),
                        notNumbers.subList(1, notNumbers.size()).toArray(Column[]::new))
                .first();
        List<ModelCard.Feature> kinds = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            boolean numeric =
                    raw.schema().apply(features.get(i)).dataType() instanceof NumericType || counts.getLong(i) == 0;
            kinds.add(new ModelCard.Feature(features.get(i), numeric ? FeatureKind.NUMERIC : FeatureKind.CATEGORICAL));
        }
        return kinds;
    }

    /** {@code raw} with the hidden typed feature columns added, after checking every numeric value. */
    static Dataset<Row> prepare(Dataset<Row> raw, String source, List<ModelCard.Feature> features) {
        InputReader.requireColumns(
                raw, source, features.stream().map(ModelCard.Feature::name).toList());
        Dataset<Row> out = raw;
        Column bad = lit(false);
        for (ModelCard.Feature f : features) {
            if (f.kind() == FeatureKind.NUMERIC) {
                Column parsed = ColumnParsing.number(raw, f.name());
                out = out.withColumn(hidden(f.name()), parsed);
                bad = bad.or(parsed.isNull()).or(parsed.isNaN());
            } else {
                out = out.withColumn(hidden(f.name()), coalesce(col(f.name()).cast(DataTypes.StringType), lit("null")));
            }
        }
        List<Row> first = out.filter(bad).limit(1).collectAsList();
        if (!first.isEmpty()) {
            throw new BadInputException(source + ": " + describe(first.get(0), raw.columns(), features));
        }
        return out;
    }

    /** How an error names a row: by its prediction_id when the log has one. */
    static String where(Row row, String[] columns) {
        return Arrays.asList(columns).contains("prediction_id")
                ? "row with prediction_id " + row.getAs("prediction_id")
                : "a row";
    }

    private static String describe(Row row, String[] columns, List<ModelCard.Feature> features) {
        String where = where(row, columns);
        for (ModelCard.Feature f : features) {
            Object parsed = row.getAs(hidden(f.name()));
            if (f.kind() == FeatureKind.NUMERIC && (parsed == null || ((Double) parsed).isNaN())) {
                Object value = row.getAs(f.name());
                return where + ", column " + f.name() + ": "
                        + (value == null ? "empty" : "'" + value + "' is not a number")
                        + " (the model reads it as a numeric feature)";
            }
        }
        return where + ": a feature value is not usable";
    }
}
