package dev.verity.jobs.drift;

import dev.verity.drift.CategoricalDistribution;
import dev.verity.drift.DriftResult;
import dev.verity.drift.DriftTests;
import dev.verity.drift.NumericDistribution;
import dev.verity.jobs.BadInputException;
import dev.verity.jobs.evaluate.WindowSpec;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

/**
 * Compares each feature of a current dataset, whole or window by window, with a reference (or
 * with the windows before). Both are reduced, in one Spark aggregation, to exact per-value
 * counts per (side, window, feature); the drift tests run on those counts, never on raw
 * columns collected to the driver.
 */
public final class DriftJob {
    /** Columns of a prediction or label log that are not features. */
    static final Set<String> LOG_COLUMNS = Set.of("prediction_id", "ts", "model", "model_version", "score", "label",
            "label_ts", "query_id", InputReader.CORRUPT);

    /**
     * @param reference the fixed reference, or null when each window is compared with the
     *                  {@code previous} windows before it
     * @param window    null to compare the whole current dataset; else one comparison per window of its {@code ts}
     * @param previous  with a window and no reference: how many previous windows form the reference
     */
    public record Config(String reference, String current, String format, List<String> numeric, List<String> categorical,
                         String method, Map<String, Double> thresholds, WindowSpec window, int previous) {

        public static Config whole(String reference, String current, String format, List<String> numeric,
                                   List<String> categorical, String method, Map<String, Double> thresholds) {
            return new Config(reference, current, format, numeric, categorical, method, thresholds, null, 0);
        }
    }

    /**
     * The results per feature for the current data (or one window of it, {@code windowStart}),
     * with how many values were missing (null or not a number) on each side.
     */
    public record Report(Instant windowStart, List<DriftResult> results, Map<String, long[]> missing, boolean datasetDrift) {
    }

    private final SparkSession spark;

    public DriftJob(SparkSession spark) {
        this.spark = spark;
    }

    /** The comparison of the whole current dataset with the reference. */
    public Report run(Config config) {
        return runAll(config).get(0);
    }

    /** One report per window of the current data (one in all without a window), oldest first. */
    public List<Report> runAll(Config config) {
        if (!config.method().equals(DriftTests.AUTO)) {
            try {
                DriftTests.byName(config.method());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--method: " + e.getMessage());
            }
        }
        if (config.reference() == null && (config.window() == null || config.previous() < 1)) {
            throw new BadInputException("--reference is needed unless --window and --previous N compare each window with the ones before");
        }
        InputReader reader = new InputReader(spark);
        Dataset<Row> current = reader.read(config.current(), config.format());
        Dataset<Row> reference = config.reference() == null ? null : reader.read(config.reference(), config.format());
        String featureSource = reference == null ? config.current() : config.reference();
        Map<String, Boolean> features = features(config, reference == null ? current : reference);
        if (features.isEmpty()) {
            throw new BadInputException(featureSource + ": no feature columns; name them with --numeric or --categorical");
        }
        InputReader.requireColumns(current, config.current(), List.copyOf(features.keySet()));
        Column window = lit(null).cast(DataTypes.TimestampType);
        if (config.window() != null) {
            InputReader.requireColumns(current, config.current(), List.of("ts"));
            long seconds = config.window().seconds();
            window = timestamp_seconds(floor(unix_seconds(ColumnParsing.timestamp(current, "ts")).divide(seconds)).multiply(seconds));
        }
        Dataset<Row> values = valueCounts(current.withColumn("_window", window), "current", features);
        if (reference != null) {
            InputReader.requireColumns(reference, config.reference(), List.copyOf(features.keySet()));
            values = valueCounts(reference.withColumn("_window", lit(null).cast(DataTypes.TimestampType)), "reference", features)
                    .unionByName(values);
        }
        // One aggregation: exact counts per (side, window, feature, value).
        Map<String, FeatureCounts> referenceCounts = new HashMap<>();
        TreeMap<Instant, Map<String, FeatureCounts>> currentCounts = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (Row row : values.groupBy("side", "window", "feature", "num", "cat").agg(count(lit(1)).as("n")).collectAsList()) {
            boolean isReference = row.getString(0).equals("reference");
            if (!isReference && config.window() != null && row.isNullAt(1)) {
                continue; // rows without a timestamp belong to no window
            }
            Map<String, FeatureCounts> side = isReference ? referenceCounts
                    : currentCounts.computeIfAbsent(row.isNullAt(1) ? null : row.getTimestamp(1).toInstant(), w -> new HashMap<>());
            side.computeIfAbsent(row.getString(2), f -> new FeatureCounts()).add(row, features.get(row.getString(2)));
        }
        List<Report> reports = new ArrayList<>();
        List<Map<String, FeatureCounts>> seen = new ArrayList<>();
        for (Map.Entry<Instant, Map<String, FeatureCounts>> entry : currentCounts.entrySet()) {
            Map<String, FeatureCounts> against = referenceCounts;
            if (reference == null) {
                against = FeatureCounts.mergeAll(seen.subList(Math.max(0, seen.size() - config.previous()), seen.size()));
            }
            if (reference != null || !seen.isEmpty()) {
                reports.add(compare(entry.getKey(), features, against, entry.getValue(), config));
            }
            seen.add(entry.getValue());
        }
        if (reports.isEmpty() && config.window() == null) {
            reports.add(compare(null, features, referenceCounts, Map.of(), config));
        }
        return reports;
    }

    private static Report compare(Instant windowStart, Map<String, Boolean> features, Map<String, FeatureCounts> reference,
                                  Map<String, FeatureCounts> current, Config config) {
        List<DriftResult> results = new ArrayList<>();
        Map<String, long[]> missing = new LinkedHashMap<>();
        for (Map.Entry<String, Boolean> feature : features.entrySet()) {
            String name = feature.getKey();
            FeatureCounts ref = reference.getOrDefault(name, new FeatureCounts());
            FeatureCounts cur = current.getOrDefault(name, new FeatureCounts());
            missing.put(name, new long[]{ref.missing, cur.missing});
            Double threshold = config.thresholds().get(name);
            try {
                results.add(feature.getValue()
                        ? DriftTests.numeric(name, NumericDistribution.ofCounts(ref.numbers), NumericDistribution.ofCounts(cur.numbers),
                                config.method(), threshold)
                        : DriftTests.categorical(name, CategoricalDistribution.ofCounts(ref.categories),
                                CategoricalDistribution.ofCounts(cur.categories), config.method(), threshold));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--method: " + e.getMessage());
            }
        }
        return new Report(windowStart, results, missing, DriftTests.datasetDrift(results));
    }

    /** Exact value counts of one feature on one side (and window), plus its missing values. */
    private static final class FeatureCounts {
        final Map<Double, Long> numbers = new HashMap<>();
        final Map<String, Long> categories = new HashMap<>();
        long missing;

        void add(Row row, boolean numeric) {
            long n = row.getLong(5);
            if (numeric ? row.isNullAt(3) : row.isNullAt(4)) {
                missing += n;
            } else if (numeric) {
                numbers.merge(row.getDouble(3), n, Long::sum);
            } else {
                categories.merge(row.getString(4), n, Long::sum);
            }
        }

        void merge(FeatureCounts other) {
            other.numbers.forEach((k, v) -> numbers.merge(k, v, Long::sum));
            other.categories.forEach((k, v) -> categories.merge(k, v, Long::sum));
            missing += other.missing;
        }

        static Map<String, FeatureCounts> mergeAll(List<Map<String, FeatureCounts>> windows) {
            Map<String, FeatureCounts> merged = new HashMap<>();
            windows.forEach(w -> w.forEach((feature, counts) -> merged.computeIfAbsent(feature, f -> new FeatureCounts()).merge(counts)));
            return merged;
        }
    }

    /**
     * (side, window, feature, num, cat) rows: every feature value of every row, numeric ones as
     * doubles (null when missing, not a number or not finite) and categorical ones as strings.
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
        return data.select(col("_window"), explode(array(cells.toArray(Column[]::new))).as("v"))
                .select(lit(side).as("side"), col("_window").as("window"), col("v.feature"), col("v.num"), col("v.cat"));
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
