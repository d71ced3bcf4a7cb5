package dev.verity.jobs.drift;

import dev.verity.drift.CategoricalDistribution;
import dev.verity.drift.DriftResult;
import dev.verity.drift.DriftTests;
import dev.verity.drift.NumericDistribution;
import dev.verity.jobs.BadInputException;
import dev.verity.jobs.io.InputReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Compares each feature of a current dataset with a reference. Both are reduced, in one Spark
 * aggregation, to exact per-value counts per (side, feature); the drift tests run on those
 * counts, never on raw columns collected to the driver.
 */
public final class DriftJob {
    /** Columns of a prediction or label log that are not features. */
    static final Set<String> LOG_COLUMNS = Set.of("prediction_id", "ts", "model", "model_version", "score", "label",
            "label_ts", "query_id", InputReader.CORRUPT);

    public record Config(String reference, String current, String format, List<String> numeric, List<String> categorical,
                         String method, Map<String, Double> thresholds) {
    }

    /** The results per feature, with how many values were missing (null or not a number) on each side. */
    public record Report(List<DriftResult> results, Map<String, long[]> missing, boolean datasetDrift) {
    }

    private final SparkSession spark;

    public DriftJob(SparkSession spark) {
        this.spark = spark;
    }

    public Report run(Config config) {
        if (!config.method().equals(DriftTests.AUTO)) {
            try {
                DriftTests.byName(config.method());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--method: " + e.getMessage());
            }
        }
        InputReader reader = new InputReader(spark);
        Dataset<Row> reference = reader.read(config.reference(), config.format());
        Dataset<Row> current = reader.read(config.current(), config.format());
        Map<String, Boolean> features = features(config, reference);
        if (features.isEmpty()) {
            throw new BadInputException(config.reference() + ": no feature columns; name them with --numeric or --categorical");
        }
        InputReader.requireColumns(reference, config.reference(), List.copyOf(features.keySet()));
        InputReader.requireColumns(current, config.current(), List.copyOf(features.keySet()));

        Dataset<Row> counts = valueCounts(reference, "reference", features).unionByName(valueCounts(current, "current", features))
                .groupBy("side", "feature", "num", "cat").agg(count(lit(1)).as("n"));
        Map<String, Map<Double, Long>> numericCounts = new HashMap<>();
        Map<String, Map<String, Long>> categoryCounts = new HashMap<>();
        Map<String, long[]> missing = new LinkedHashMap<>();
        features.keySet().forEach(f -> missing.put(f, new long[2]));
        for (Row row : counts.collectAsList()) {
            String key = row.getString(0) + "/" + row.getString(1);
            int side = row.getString(0).equals("reference") ? 0 : 1;
            boolean numeric = features.get(row.getString(1));
            long n = row.getLong(4);
            if (numeric ? row.isNullAt(2) : row.isNullAt(3)) {
                missing.get(row.getString(1))[side] += n;
            } else if (numeric) {
                numericCounts.computeIfAbsent(key, k -> new HashMap<>()).put(row.getDouble(2), n);
            } else {
                categoryCounts.computeIfAbsent(key, k -> new HashMap<>()).put(row.getString(3), n);
            }
        }

        List<DriftResult> results = new ArrayList<>();
        for (Map.Entry<String, Boolean> feature : features.entrySet()) {
            String name = feature.getKey();
            Double threshold = config.thresholds().get(name);
            try {
                results.add(feature.getValue()
                        ? DriftTests.numeric(name, NumericDistribution.ofCounts(numericCounts.getOrDefault("reference/" + name, Map.of())),
                                NumericDistribution.ofCounts(numericCounts.getOrDefault("current/" + name, Map.of())), config.method(), threshold)
                        : DriftTests.categorical(name, CategoricalDistribution.ofCounts(categoryCounts.getOrDefault("reference/" + name, Map.of())),
                                CategoricalDistribution.ofCounts(categoryCounts.getOrDefault("current/" + name, Map.of())), config.method(), threshold));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--method: " + e.getMessage());
            }
        }
        return new Report(results, missing, DriftTests.datasetDrift(results));
    }

    /**
     * (side, feature, num, cat) rows: every feature value of every row, numeric ones as doubles
     * (null when missing, not a number or not finite) and categorical ones as strings.
     */
    private static Dataset<Row> valueCounts(Dataset<Row> data, String side, Map<String, Boolean> features) {
        List<Column> cells = new ArrayList<>();
        for (Map.Entry<String, Boolean> f : features.entrySet()) {
            Column c = col("`" + f.getKey() + "`");
            Column number = trim(c.cast(DataTypes.StringType)).try_cast(DataTypes.DoubleType);
            Column finite = when(number.isin(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), lit(null)).otherwise(number);
            cells.add(struct(lit(f.getKey()).as("feature"),
                    (f.getValue() ? finite : lit(null).cast(DataTypes.DoubleType)).as("num"),
                    (f.getValue() ? lit(null).cast(DataTypes.StringType) : c.cast(DataTypes.StringType)).as("cat")));
        }
        return data.select(explode(array(cells.toArray(Column[]::new))).as("v"))
                .select(lit(side).as("side"), col("v.feature"), col("v.num"), col("v.cat"));
    }

    /**
     * The features named on the command line, or else every non-log column of the reference:
     * numeric when its type is numeric or every non-null value parses as a number (CSV).
     */
    private static Map<String, Boolean> features(Config config, Dataset<Row> reference) {
        Map<String, Boolean> features = new LinkedHashMap<>();
        config.numeric().forEach(f -> features.put(f, true));
        config.categorical().forEach(f -> features.put(f, false));
        if (!features.isEmpty()) {
            return features;
        }
        List<String> candidates = Arrays.stream(reference.columns()).filter(c -> !LOG_COLUMNS.contains(c)).toList();
        List<String> strings = candidates.stream()
                .filter(c -> !(reference.schema().apply(c).dataType() instanceof NumericType)).toList();
        Map<String, Long> notNumbers = new HashMap<>();
        if (!strings.isEmpty()) {
            Column[] checks = strings.stream().map(c -> sum(when(col("`" + c + "`").isNotNull()
                    .and(trim(col("`" + c + "`").cast(DataTypes.StringType)).try_cast(DataTypes.DoubleType).isNull()), 1).otherwise(0)))
                    .toArray(Column[]::new);
            Row row = reference.agg(checks[0], Arrays.copyOfRange(checks, 1, checks.length)).first();
            for (int i = 0; i < strings.size(); i++) {
                notNumbers.put(strings.get(i), row.isNullAt(i) ? 0L : row.getLong(i));
            }
        }
        for (String c : candidates) {
            features.put(c, notNumbers.getOrDefault(c, 0L) == 0 && !(reference.schema().apply(c).dataType() == DataTypes.BooleanType));
        }
        return features;
    }
}
