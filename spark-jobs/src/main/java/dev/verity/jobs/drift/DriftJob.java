package dev.verity.jobs.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.CategoricalDistribution;
import dev.verity.drift.DriftResult;
import dev.verity.drift.DriftTests;
import dev.verity.drift.FeatureKind;
import dev.verity.drift.NumericComparison;
import dev.verity.drift.NumericDistribution;
import dev.verity.drift.profile.ColumnProfile;
import dev.verity.jobs.ModelScope;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputFormat;
import dev.verity.jobs.io.InputReader;
import dev.verity.jobs.profile.ColumnProfiles;
import dev.verity.store.BadInputException;
import dev.verity.store.DriftRecord;
import dev.verity.store.ProfileRecord;
import dev.verity.store.delta.EvaluationStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Compares each feature of a current dataset, whole or window by window, with a reference (or
 * with the windows before). Both are reduced, in one Spark aggregation, to exact per-value
 * counts per (side, window, feature); the drift tests run on those counts, never on raw
 * columns collected to the driver.
 */
public final class DriftJob {
    /**
     * @param reference the fixed reference, or null when each window is compared with the
     *                  {@code previous} windows before it
     * @param window    null to compare the whole current dataset; else one comparison per window of its {@code ts}
     * @param previous  with a window and no reference: how many previous windows form the reference
     * @param model     with a {@code model} column in the inputs: only this model's rows (see {@link ModelScope})
     * @param predictionDrift whether the score is compared too, as a numeric feature
     * @param multivariate also the whole current data against the reference with every feature at
     *                     once ({@link DomainClassifier}): a fixed reference and no window
     * @param referenceProfile instead of {@code reference}: the profiles a store holds of a period
     * @param profiles whether {@link #runInto} keeps the current data's profiles in the store
     */
    public record Config(
            String reference,
            String current,
            InputFormat format,
            List<String> numeric,
            List<String> categorical,
            DriftSettings settings,
            WindowSpec window,
            int previous,
            String model,
            boolean predictionDrift,
            boolean multivariate,
            ProfileReference referenceProfile,
            boolean profiles) {

        public Config forModel(String model) {
            return with(model, multivariate);
        }

        /** The same comparison, and all features at once too. */
        public Config withMultivariate() {
            return with(model, true);
        }

        private Config with(String model, boolean multivariate) {
            return new Config(
                    reference,
                    current,
                    format,
                    numeric,
                    categorical,
                    settings,
                    window,
                    previous,
                    model,
                    predictionDrift,
                    multivariate,
                    referenceProfile,
                    profiles);
        }

        /** Whether one fixed reference (rows or profiles) is compared with, rather than earlier windows. */
        boolean fixedReference() {
            return reference != null || referenceProfile != null;
        }

        /** How the drift table names the reference. */
        public String referenceName() {
            return referenceProfile != null ? referenceProfile.describe() : reference;
        }

        /** The whole current data against the reference, with one method for all features and per-feature thresholds. */
        public static Config whole(
                String reference,
                String current,
                InputFormat format,
                List<String> numeric,
                List<String> categorical,
                String method,
                Map<String, Double> thresholds) {
            DriftSettings settings = DriftSettings.defaults().withOverrides(method, thresholds);
            return new Config(
                    reference, current, format, numeric, categorical, settings, null, 0, null, true, false, null, true);
        }
    }

    /**
     * The results per feature for the current data of a model (null: all rows; or one window of
     * it, {@code windowStart}), with how many values were missing (null or not a number) on each
     * side, with {@code --multivariate} the verdict on all features at once (else null), and
     * with a reference from profiles how far each feature's reference shares may be off (else
     * empty: the counts are exact).
     */
    public record Report(
            String model,
            Instant windowStart,
            List<DriftResult> results,
            Map<String, long[]> missing,
            boolean datasetDrift,
            DomainClassifier.Verdict multivariate,
            Map<String, Double> referenceErrors) {

        /** Every verdict of the report: each feature's, then all features' at once. */
        public List<DriftResult> allResults() {
            List<DriftResult> all = new ArrayList<>(results);
            if (multivariate != null) {
                all.add(multivariate.result());
            }
            return all;
        }
    }

    /** The side of the counts the comparison is against, and the side compared. */
    static final String REFERENCE = "reference";

    static final String CURRENT = "current";

    /** The windows drift profiles its current data in when it compares it whole. */
    static final WindowSpec PROFILE_WINDOW = WindowSpec.parse("1d");

    /** The domain classifier's seed: the same inputs give the same split, forest and verdict. */
    static final long SEED = 27;

    private final SparkSession spark;

    public DriftJob(SparkSession spark) {
        this.spark = spark;
    }

    /** The comparison of the whole current dataset with the reference. */
    public Report run(Config config) {
        return runAll(config).get(0);
    }

    /**
     * {@link #runAll}, its verdicts appended to {@code store} as run {@code runId}'s, with the
     * profile of each window and feature column of the current data (by its {@code ts}: the
     * comparison's windows, else days) so later runs can compare with it without reading it.
     */
    public List<Report> runInto(EvaluationStore store, String runId, Config config) {
        Compared compared = compare(config, config.profiles());
        Timestamp now = Timestamp.from(Instant.now());
        store.appendDrift(runId, now, records(compared.reports(), config.referenceName(), config.current()));
        if (config.profiles()) {
            store.appendProfiles(runId, now, compared.profiles());
        }
        return compared.reports();
    }

    /** One report per window of the current data (one in all without a window), oldest first. */
    public List<Report> runAll(Config config) {
        return compare(config, false).reports();
    }

    /** The reports, and with {@code profile} the profiles of the current data's windows (none without a {@code ts}). */
    private record Compared(List<Report> reports, List<ProfileRecord> profiles) {}

    private Compared compare(Config config, boolean profile) {
        if (config.reference() != null && config.referenceProfile() != null) {
            throw new BadInputException("--reference-profile", "replaces --reference: name one of them");
        }
        if (!config.fixedReference() && (config.window() == null || config.previous() < 1)) {
            throw new BadInputException(
                    "a reference is needed unless each window is compared with the windows before it");
        }
        if (config.multivariate() && (config.reference() == null || config.window() != null)) {
            throw new BadInputException(
                    "multivariate",
                    "compares the whole current data with the rows of a --reference: leave --window out");
        }
        InputReader reader = new InputReader(spark);
        VeritySpark.fitShufflePartitions(
                spark,
                config.reference() == null ? List.of(config.current()) : List.of(config.current(), config.reference()));
        Dataset<Row> current = ModelScope.only(reader.read(config.current(), config.format()), config.model());
        Dataset<Row> reference = config.reference() == null
                ? null
                : ModelScope.only(reader.read(config.reference(), config.format()), config.model());
        Map<String, ColumnProfile> profiles = config.referenceProfile() == null
                ? Map.of()
                : config.referenceProfile().of(config.model());
        Map<String, Boolean> features = config.referenceProfile() != null
                ? ProfileReference.features(profiles, config.numeric(), config.categorical(), config.predictionDrift())
                : FeatureColumns.detect(
                        reference == null ? current : reference,
                        config.numeric(),
                        config.categorical(),
                        config.predictionDrift());
        if (features.isEmpty()) {
            throw new BadInputException((reference != null
                            ? config.reference()
                            : config.referenceProfile() != null
                                    ? config.referenceProfile().describe()
                                    : config.current())
                    + ": no feature columns; name them with --numeric or --categorical");
        }
        InputReader.requireColumns(current, config.current(), List.copyOf(features.keySet()));
        Column window = lit(null).cast(DataTypes.TimestampType);
        if (config.window() != null) {
            InputReader.requireColumns(current, config.current(), List.of("ts"));
            window = WindowSpec.startOf(
                    ColumnParsing.timestamp(current, "ts"), config.window().seconds());
        }
        // the current data is profiled while its values are counted: no second read
        WindowSpec profileWindow =
                config.window() == null || config.window().isAll() ? PROFILE_WINDOW : config.window();
        ColumnProfiles currentProfiles =
                profile && Arrays.asList(current.columns()).contains("ts")
                        ? ColumnProfiles.of(current, config.numeric(), config.categorical(), config.predictionDrift())
                        : null;
        Observation profiled = new Observation(ColumnProfiles.NAME);
        Dataset<Row> observed = current; // observed only here: an observed plan cannot go into MLlib
        if (currentProfiles != null && !currentProfiles.isEmpty()) {
            observed = current.observe(
                    profiled,
                    currentProfiles.aggregate(
                            current,
                            WindowSpec.startOf(ColumnParsing.timestamp(current, "ts"), profileWindow.seconds())));
        }
        Dataset<Row> values = valueCounts(observed.withColumn("_window", window), CURRENT, features);
        if (reference != null) {
            InputReader.requireColumns(reference, config.reference(), List.copyOf(features.keySet()));
            values = valueCounts(
                            reference.withColumn("_window", lit(null).cast(DataTypes.TimestampType)),
                            REFERENCE,
                            features)
                    .unionByName(values);
        } else if (!profiles.isEmpty()) {
            values = spark.createDataFrame(
                            ProfileReference.valueCounts(profiles, features), PartitionValueCounts.SCHEMA)
                    .unionByName(values);
        }
        // Exact counts per (side, window, feature, value): the only pass over the inputs.
        Dataset<Row> counted = values.groupBy("side", "window", "feature", "num", "cat")
                .agg(sum("n").as("n"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Column isCurrent = col("side").equalTo(CURRENT);
        if (config.window() != null) {
            isCurrent = isCurrent.and(col("window").isNotNull()); // rows without a timestamp belong to no window
        }
        List<Instant> windows = new ArrayList<>();
        for (Row row : counted.filter(isCurrent).select("window").distinct().collectAsList()) {
            windows.add(row.isNullAt(0) ? null : row.getTimestamp(0).toInstant());
        }
        windows.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
        if (windows.isEmpty() && config.window() == null) {
            windows.add(null);
        }
        Dataset<Row> groups = spark.createDataFrame(
                windows.stream()
                        .map(w -> RowFactory.create(w == null ? null : Timestamp.from(w)))
                        .toList(),
                new StructType().add("g", DataTypes.TimestampType));

        // Tag every count with the comparison group (a window, or null) and the role it plays there.
        Dataset<Row> currentRows =
                counted.filter(isCurrent).withColumn("g", col("window")).withColumn("role", lit(CURRENT));
        Dataset<Row> referenceRows;
        if (config.fixedReference()) {
            referenceRows = counted.filter(col("side").equalTo(REFERENCE))
                    .drop("window")
                    .crossJoin(groups)
                    .withColumn("role", lit(REFERENCE));
        } else {
            long seconds = config.window().seconds();
            referenceRows = counted.filter(isCurrent)
                    .withColumn("k", explode(sequence(lit(1), lit(config.previous()))))
                    .withColumn(
                            "g", timestamp_seconds(unix_seconds(col("window")).plus(col("k").multiply(seconds))))
                    .join(groups, "g")
                    .withColumn("role", lit(REFERENCE));
        }
        String[] tagColumns = {"g", "role", "feature", "num", "cat", "n"};
        Dataset<Row> tagged = referenceRows
                .select(tagColumns[0], Arrays.copyOfRange(tagColumns, 1, tagColumns.length))
                .unionByName(currentRows.select(tagColumns[0], Arrays.copyOfRange(tagColumns, 1, tagColumns.length)))
                .persist(StorageLevel.MEMORY_AND_DISK());

        // Categories and missing values are few: they come to the driver as counts.
        Map<String, FeatureCounts> counts = new HashMap<>();
        for (Row row : tagged.filter(col("num").isNull())
                .groupBy("g", "role", "feature", "cat")
                .agg(sum("n").as("n"))
                .collectAsList()) {
            FeatureCounts featureCounts = counts.computeIfAbsent(
                    countsKey(row.get(0), row.getString(1), row.getString(2)), k -> new FeatureCounts());
            long n = row.getLong(4);
            if (row.isNullAt(3)) {
                featureCounts.missing += n;
            } else {
                featureCounts.categories.merge(row.getString(3), n, Long::sum);
            }
        }
        // Numeric values stay in Spark: their statistics come from the sorted union.
        Dataset<Row> perValue = tagged.filter(col("num").isNotNull())
                .groupBy("g", "feature", "num")
                .agg(
                        sum(when(col("role").equalTo(REFERENCE), col("n")).otherwise(0L))
                                .as("r"),
                        sum(when(col("role").equalTo(CURRENT), col("n")).otherwise(0L))
                                .as("c"));
        Map<SortedUnionStatistics.Key, SortedUnionStatistics.Summary> summaries =
                SortedUnionStatistics.compute(spark, perValue);
        // Few-valued numeric features are compared as categories: their counts are small.
        List<Row> fewValued = summaries.entrySet().stream()
                .filter(e -> DriftTests.treatAsCategorical(
                        e.getValue().referenceDistinct(),
                        config.settings()
                                .choose(e.getKey().feature(), FeatureKind.NUMERIC)
                                .method()))
                .map(e -> RowFactory.create(
                        e.getKey().group() == null
                                ? null
                                : Timestamp.from(e.getKey().group()),
                        e.getKey().feature()))
                .toList();
        if (!fewValued.isEmpty()) {
            Dataset<Row> keys = spark.createDataFrame(
                    fewValued,
                    new StructType().add("g", DataTypes.TimestampType).add("feature", DataTypes.StringType));
            Column sameKey = tagged.col("g")
                    .eqNullSafe(keys.col("g"))
                    .and(tagged.col("feature").equalTo(keys.col("feature")));
            for (Row row : tagged.filter(col("num").isNotNull())
                    .join(keys, sameKey, "left_semi")
                    .collectAsList()) {
                counts.computeIfAbsent(
                                countsKey(row.getAs("g"), row.getAs("role"), row.getAs("feature")),
                                k -> new FeatureCounts())
                        .numbers
                        .merge(row.getAs("num"), row.<Long>getAs("n"), Long::sum);
            }
        }
        tagged.unpersist();
        counted.unpersist();
        DomainClassifier.Verdict multivariate =
                config.multivariate() ? DomainClassifier.judge(reference, current, features, SEED) : null;

        List<Report> reports = new ArrayList<>();
        for (int i = config.fixedReference() ? 0 : 1; i < windows.size(); i++) {
            Instant windowStart = windows.get(i);
            Timestamp group = windowStart == null ? null : Timestamp.from(windowStart);
            reports.add(compare(
                    windowStart,
                    features,
                    name -> counts.getOrDefault(countsKey(group, REFERENCE, name), new FeatureCounts()),
                    name -> comparable(
                            counts.getOrDefault(countsKey(group, CURRENT, name), new FeatureCounts()),
                            profiles.get(name)),
                    name -> summaries.get(new SortedUnionStatistics.Key(windowStart, name)),
                    config,
                    multivariate,
                    referenceErrors(profiles, features)));
        }
        List<ProfileRecord> profileRecords = currentProfiles == null || currentProfiles.isEmpty()
                ? List.of()
                : currentProfiles.records(
                        profiled, profileWindow.seconds(), config.model(), config.current(), start -> true);
        return new Compared(reports, profileRecords);
    }

    /**
     * {@code current} as its reference profile can compare it: where the profile could not keep
     * every category, the categories it did not keep count together as its other values.
     */
    private static FeatureCounts comparable(FeatureCounts current, ColumnProfile reference) {
        if (reference == null || reference.kind() != FeatureKind.CATEGORICAL || reference.exact()) {
            return current;
        }
        Set<String> kept = reference.categoryCounts().keySet();
        FeatureCounts folded = new FeatureCounts();
        folded.missing = current.missing;
        current.categories.forEach((value, n) ->
                folded.categories.merge(kept.contains(value) ? value : ColumnProfile.OTHER_VALUES, n, Long::sum));
        return folded;
    }

    /** Of a reference from profiles, how far each feature's reference shares may be off; else none. */
    private static Map<String, Double> referenceErrors(
            Map<String, ColumnProfile> profiles, Map<String, Boolean> features) {
        Map<String, Double> errors = new LinkedHashMap<>();
        if (!profiles.isEmpty()) {
            features.keySet().forEach(f -> errors.put(f, profiles.get(f).shareError()));
        }
        return errors;
    }

    private static String countsKey(Object group, String role, String feature) {
        return group + "|" + role + "|" + feature;
    }

    private static Report compare(
            Instant windowStart,
            Map<String, Boolean> features,
            Function<String, FeatureCounts> reference,
            Function<String, FeatureCounts> current,
            Function<String, NumericComparison> numeric,
            Config config,
            DomainClassifier.Verdict multivariate,
            Map<String, Double> referenceErrors) {
        List<DriftResult> results = new ArrayList<>();
        Map<String, long[]> missing = new LinkedHashMap<>();
        for (Map.Entry<String, Boolean> feature : features.entrySet()) {
            String name = feature.getKey();
            FeatureCounts ref = reference.apply(name);
            FeatureCounts cur = current.apply(name);
            missing.put(name, new long[] {ref.missing, cur.missing});
            DriftSettings.Choice asCategories = config.settings().choose(name, FeatureKind.CATEGORICAL);
            try {
                if (!feature.getValue()) {
                    results.add(DriftTests.categorical(
                            name,
                            CategoricalDistribution.ofCounts(ref.categories),
                            CategoricalDistribution.ofCounts(cur.categories),
                            asCategories.method(),
                            asCategories.threshold()));
                    continue;
                }
                NumericComparison comparison = numeric.apply(name);
                if (comparison == null) {
                    comparison = NumericComparison.of(NumericDistribution.of(), NumericDistribution.of());
                }
                DriftSettings.Choice asNumbers = config.settings().choose(name, FeatureKind.NUMERIC);
                if (DriftTests.treatAsCategorical(comparison.referenceDistinct(), asNumbers.method())) {
                    // Few values under auto: the categorical choice; a categories-only method: that method.
                    DriftSettings.Choice choice = asNumbers.method().equals(DriftTests.AUTO) ? asCategories : asNumbers;
                    results.add(DriftTests.categorical(
                            name,
                            CategoricalDistribution.of(NumericDistribution.ofCounts(ref.numbers)),
                            CategoricalDistribution.of(NumericDistribution.ofCounts(cur.numbers)),
                            choice.method(),
                            choice.threshold()));
                } else {
                    results.add(DriftTests.numeric(name, comparison, asNumbers.method(), asNumbers.threshold()));
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        return new Report(
                config.model(),
                windowStart,
                results,
                missing,
                DriftTests.datasetDrift(results),
                multivariate,
                referenceErrors);
    }

    /** Exact value counts of one feature in one role and group, plus its missing values. */
    private static final class FeatureCounts {
        final Map<Double, Long> numbers = new HashMap<>();
        final Map<String, Long> categories = new HashMap<>();
        long missing;
    }

    /**
     * (side, window, feature, num, cat, n) rows: the count of every value of every feature per
     * window, numeric values as doubles (null when missing, not a number or not finite) and
     * categorical ones as strings. Each value is parsed by Spark, then counted per partition.
     */
    private static Dataset<Row> valueCounts(Dataset<Row> data, String side, Map<String, Boolean> features) {
        List<Column> typed = new ArrayList<>(List.of(col("_window")));
        boolean[] numeric = new boolean[features.size()];
        int i = 0;
        for (Map.Entry<String, Boolean> f : features.entrySet()) {
            Column c = col("`" + f.getKey() + "`");
            Column number = ColumnParsing.number(data, f.getKey());
            Column finite = when(number.isin(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), lit(null))
                    .otherwise(number);
            typed.add(f.getValue() ? finite : c.cast(DataTypes.StringType));
            numeric[i++] = f.getValue();
        }
        PartitionValueCounts counter = new PartitionValueCounts(side, List.copyOf(features.keySet()), numeric);
        return data.select(typed.toArray(Column[]::new))
                .mapPartitions(
                        (MapPartitionsFunction<Row, Row>) counter::count, Encoders.row(PartitionValueCounts.SCHEMA));
    }

    /** The drift table's records of {@code reports}. */
    public static List<DriftRecord> records(List<Report> reports, String reference, String current) {
        List<DriftRecord> records = new ArrayList<>();
        for (Report report : reports) {
            for (DriftResult r : report.results()) {
                long[] missing = report.missing().get(r.feature());
                records.add(new DriftRecord(
                                report.model(),
                                reference,
                                current,
                                report.windowStart(),
                                r,
                                missing[0],
                                missing[1],
                                report.datasetDrift())
                        .withReferenceError(report.referenceErrors().get(r.feature())));
            }
            DomainClassifier.Verdict all = report.multivariate();
            if (all != null) {
                // the classifier reads every row, missing values included (as a value of their own)
                records.add(new DriftRecord(
                        report.model(),
                        reference,
                        current,
                        report.windowStart(),
                        all.result(),
                        0,
                        0,
                        report.datasetDrift(),
                        all.ciLow(),
                        all.ciHigh(),
                        all.topFeatures(),
                        null));
            }
        }
        return records;
    }
}
