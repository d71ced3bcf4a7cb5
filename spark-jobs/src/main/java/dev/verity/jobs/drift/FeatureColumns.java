package dev.verity.jobs.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.io.InputReader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/** Which columns of a dataset are features, and whether each is numeric (true) or categorical. */
public final class FeatureColumns {
    /** The served score: while labels are delayed, its distribution is the earliest warning. */
    public static final String PREDICTION = "score";

    /** Columns of a prediction or label log that are not features. */
    public static final Set<String> LOG_COLUMNS = Set.of(
            "prediction_id",
            "ts",
            "model",
            "model_version",
            PREDICTION,
            "label",
            "label_ts",
            "query_id",
            InputReader.CORRUPT);

    private FeatureColumns() {}

    /**
     * {@link #detect(Dataset, List, List)}, with the score first as a numeric feature when
     * {@code prediction} and the reference has one (the prediction drift).
     */
    public static Map<String, Boolean> detect(
            Dataset<Row> reference, List<String> numeric, List<String> categorical, boolean prediction) {
        Map<String, Boolean> features = new LinkedHashMap<>();
        if (prediction && Arrays.asList(reference.columns()).contains(PREDICTION)) {
            features.put(PREDICTION, true);
        }
        detect(reference, numeric, categorical).forEach(features::putIfAbsent);
        return features;
    }

    /**
     * The features named, or else every non-log column of the reference:
     * numeric when its type is numeric or every non-null value parses as a number (CSV).
     */
    public static Map<String, Boolean> detect(Dataset<Row> reference, List<String> numeric, List<String> categorical) {
        Map<String, Boolean> features = new LinkedHashMap<>();
        numeric.forEach(f -> features.put(f, true));
        categorical.forEach(f -> features.put(f, false));
        if (!features.isEmpty()) {
            return features;
        }
        List<String> candidates = Arrays.stream(reference.columns())
                .filter(c -> !LOG_COLUMNS.contains(c))
                .toList();
        List<String> strings = candidates.stream()
                .filter(c -> !(reference.schema().apply(c).dataType() instanceof NumericType))
                .toList();
        Map<String, Long> notNumbers = new HashMap<>();
        if (!strings.isEmpty()) {
            Column[] checks = strings.stream()
                    .map(c -> sum(when(
                                    col("`" + c + "`")
                                            .isNotNull()
                                            .and(trim(col("`" + c + "`").cast(DataTypes.StringType))
                                                    .try_cast(DataTypes.DoubleType)
                                                    .isNull()),
                                    1)
                            .otherwise(0)))
                    .toArray(Column[]::new);
            Row row = reference
                    .agg(checks[0], Arrays.copyOfRange(checks, 1, checks.length))
                    .first();
            for (int i = 0; i < strings.size(); i++) {
                notNumbers.put(strings.get(i), row.isNullAt(i) ? 0L : row.getLong(i));
            }
        }
        for (String c : candidates) {
            features.put(
                    c,
                    notNumbers.getOrDefault(c, 0L) == 0
                            && !(reference.schema().apply(c).dataType() == DataTypes.BooleanType));
        }
        return features;
    }
}
