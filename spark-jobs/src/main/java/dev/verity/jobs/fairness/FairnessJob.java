package dev.verity.jobs.fairness;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.evaluate.LabelledRows;
import dev.verity.jobs.evaluate.MetricAggregation;
import dev.verity.jobs.evaluate.MetricOptions;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.Task;
import dev.verity.metrics.fairness.Estimate;
import dev.verity.metrics.fairness.GroupOutcomes;
import dev.verity.metrics.fairness.Interval;
import dev.verity.store.BadInputException;
import dev.verity.store.FairnessRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.Slices;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Per protected attribute, group and window of each model version: the group's selection rate,
 * true and false positive rates, precision, AUC and calibration ratio, and its gaps to the
 * reference group, each with a 95% interval ({@link GroupOutcomes}). The rows are the labelled
 * predictions, joined as {@code evaluate} joins them. One pass counts every group's outcomes;
 * the AUCs come from evaluate's metric aggregation with the attributes as slices.
 */
public final class FairnessJob {
    /**
     * @param attributes      the protected columns of the prediction log
     * @param threshold       a row is selected when its score is at least this
     * @param referenceGroups per attribute, the group the others are compared with (default: its
     *                        largest group over all windows, per model)
     */
    public record Config(
            LabelledInputs inputs,
            List<String> attributes,
            double threshold,
            Map<String, String> referenceGroups,
            WindowSpec window,
            TimeRange range) {}

    private static final String[] WINDOW_KEY = {"model", "model_version", "window_start", "window_end"};

    private final SparkSession spark;

    public FairnessJob(SparkSession spark) {
        this.spark = spark;
    }

    /** {@link #run}, recorded in the store as {@code scope}'s run, its measures appended to the store's. */
    public List<FairnessRecord> runInto(EvaluationStore store, StoreRun.Scope scope, Config config) {
        return record(store, scope, () -> run(config));
    }

    /** Measures (from the logs, or from what evaluate stored) as one recorded run appending to {@code _verity/fairness}. */
    public static List<FairnessRecord> record(
            EvaluationStore store, StoreRun.Scope scope, Supplier<List<FairnessRecord>> measure) {
        return StoreRun.record(store, scope, runId -> {
            List<FairnessRecord> measured = measure.get();
            store.appendFairness(runId, Timestamp.from(Instant.now()), measured);
            return measured;
        });
    }

    /** The measures, by model, version, attribute, window and group (the reference group first). */
    public List<FairnessRecord> run(Config config) {
        if (config.attributes().isEmpty()) {
            throw new BadInputException("--protected: name at least one column");
        }
        config.referenceGroups().keySet().stream()
                .filter(a -> !config.attributes().contains(a))
                .findFirst()
                .ifPresent(a -> {
                    throw new BadInputException("--reference-group: " + a + " is not a --protected column");
                });
        Dataset<Row> labelled = LabelledRows.labelled(LabelledRows.predicted(
                        spark, config.inputs(), Task.BINARY, config.attributes(), config.window(), config.range()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Row> counted = counts(labelled, config).collectAsList();
            // every row is in one group of each attribute: the first attribute's groups hold them all
            long rows = counted.stream()
                    .filter(r -> r.getString(4).equals(config.attributes().get(0)))
                    .mapToLong(r -> r.getLong(6))
                    .sum();
            Map<List<Object>, Estimate> aucs = aucs(labelled, rows, config);
            Map<GroupKey, GroupOutcomes> outcomes = new LinkedHashMap<>();
            for (Row row : counted) {
                GroupKey key = GroupKey.of(row);
                outcomes.put(
                        key,
                        new GroupOutcomes(
                                row.getLong(6),
                                row.getLong(7),
                                row.getLong(8),
                                row.getLong(9),
                                row.getLong(10),
                                row.getDouble(11),
                                aucs.getOrDefault(key.aucKey(), new Estimate(Double.NaN, Interval.UNKNOWN))));
            }
            return records(outcomes, config);
        } finally {
            labelled.unpersist();
        }
    }

    /** (model, version, window, attribute, group) of a counts row; null values of the attribute are group {@code null}. */
    record GroupKey(String model, String version, Timestamp start, Timestamp end, String attribute, String group) {
        static GroupKey of(Row row) {
            return new GroupKey(
                    row.getString(0),
                    row.getString(1),
                    row.getTimestamp(2),
                    row.getTimestamp(3),
                    row.getString(4),
                    row.getString(5));
        }

        List<Object> aucKey() {
            return Arrays.asList(model, version, start, Slices.of(attribute, group));
        }

        /** The window and attribute the group belongs to. */
        List<Object> population() {
            return Arrays.asList(model, version, start, attribute);
        }
    }

    /** Each group's rows, selected rows, positives, selected positives and negatives, and score sum. */
    private static Dataset<Row> counts(Dataset<Row> labelled, Config config) {
        List<Column> pairs = new ArrayList<>();
        for (String attribute : config.attributes()) {
            pairs.add(struct(
                    lit(attribute).as("attribute"),
                    coalesce(col("`" + attribute + "`").cast("string"), lit(Slices.NULL_VALUE))
                            .as("group")));
        }
        Column selected = when(col("score").geq(config.threshold()), 1L).otherwise(0L);
        Column positive = when(col("label").equalTo(1), 1L).otherwise(0L);
        List<Column> keys = new ArrayList<>();
        Arrays.stream(WINDOW_KEY).forEach(k -> keys.add(col(k)));
        keys.add(col("_pair.attribute"));
        keys.add(col("_pair.group"));
        return labelled.withColumn("_pair", explode(array(pairs.toArray(Column[]::new))))
                .withColumn("_selected", selected)
                .withColumn("_positive", positive)
                .groupBy(keys.toArray(Column[]::new))
                .agg(
                        count(lit(1)),
                        sum("_selected"),
                        sum("_positive"),
                        sum(col("_selected").multiply(col("_positive"))),
                        sum(col("_selected").multiply(lit(1L).minus(col("_positive")))),
                        sum(col("score").cast("double")));
    }

    /** Each group's AUC with its DeLong interval, by (model, version, window start, slice). */
    private static Map<List<Object>, Estimate> aucs(Dataset<Row> labelled, long rows, Config config) {
        List<MetricAggregation.GroupMetrics> metrics = MetricAggregation.compute(
                labelled,
                rows,
                Task.BINARY,
                new SliceSpec(config.attributes(), List.of()),
                MetricOptions.defaults().withThreshold(config.threshold()));
        Map<List<Object>, Estimate> aucs = new HashMap<>();
        for (MetricAggregation.GroupMetrics g : metrics) {
            Double auc = g.metrics().value(BinaryMetrics.AUC);
            Double low = g.metrics().value(BinaryMetrics.AUC_CI_LOW);
            Double high = g.metrics().value(BinaryMetrics.AUC_CI_HIGH);
            aucs.put(
                    Arrays.asList(g.model(), g.modelVersion(), g.windowStart(), g.slice()),
                    new Estimate(
                            auc == null ? Double.NaN : auc,
                            low == null || high == null ? Interval.UNKNOWN : new Interval(low, high)));
        }
        return aucs;
    }

    /** Each group's rates and its gaps to its attribute's reference group, per model, version and window. */
    static List<FairnessRecord> records(Map<GroupKey, GroupOutcomes> outcomes, Config config) {
        Map<List<Object>, String> references = referenceGroups(outcomes, config);
        Map<List<Object>, List<GroupKey>> populations = new LinkedHashMap<>();
        outcomes.keySet().stream()
                .sorted(Comparator.comparing(GroupKey::model, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(GroupKey::version, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(GroupKey::attribute)
                        .thenComparing(GroupKey::start)
                        .thenComparing(GroupKey::group))
                .forEach(k -> populations
                        .computeIfAbsent(k.population(), p -> new ArrayList<>())
                        .add(k));
        List<FairnessRecord> records = new ArrayList<>();
        populations.forEach((population, groups) -> {
            String reference = references.get(
                    Arrays.asList(groups.get(0).model(), groups.get(0).attribute()));
            GroupKey referenceKey = groups.stream()
                    .filter(k -> k.group().equals(reference))
                    .findFirst()
                    .orElse(null);
            List<GroupKey> ordered = new ArrayList<>(groups);
            ordered.sort(Comparator.comparing((GroupKey k) -> !k.group().equals(reference)));
            for (GroupKey key : ordered) {
                GroupOutcomes group = outcomes.get(key);
                List<GroupOutcomes.Measurement> measured = new ArrayList<>(group.rates());
                if (referenceKey != null && key != referenceKey) {
                    measured.addAll(group.gapsTo(outcomes.get(referenceKey)));
                }
                for (GroupOutcomes.Measurement m : measured) {
                    records.add(new FairnessRecord(
                            key.model(),
                            key.version(),
                            key.attribute(),
                            key.group(),
                            reference,
                            key.start(),
                            key.end(),
                            m.measure().id(),
                            NamedValues.orNull(m.value()),
                            NamedValues.orNull(m.interval().low()),
                            NamedValues.orNull(m.interval().high()),
                            m.significant(),
                            group.rows()));
                }
            }
        });
        return records;
    }

    /**
     * Per (model, attribute): the group named by {@code --reference-group}, else the one with the
     * most rows over all windows (ties: the first by name), so every window compares with the same.
     */
    private static Map<List<Object>, String> referenceGroups(Map<GroupKey, GroupOutcomes> outcomes, Config config) {
        Map<List<Object>, Map<String, Long>> sizes = new HashMap<>();
        outcomes.forEach((k, o) -> sizes.computeIfAbsent(Arrays.asList(k.model(), k.attribute()), x -> new HashMap<>())
                .merge(k.group(), o.rows(), Long::sum));
        Map<List<Object>, String> references = new HashMap<>();
        sizes.forEach((key, groups) -> {
            String named = config.referenceGroups().get((String) key.get(1));
            if (named != null && !groups.containsKey(named)) {
                throw new BadInputException("--reference-group: " + key.get(1) + " has no group " + named
                        + " among the labelled rows; its groups: " + groups.keySet());
            }
            references.put(
                    key,
                    named != null
                            ? named
                            : groups.entrySet().stream()
                                    .max(Map.Entry.<String, Long>comparingByValue()
                                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                                    .orElseThrow()
                                    .getKey());
        });
        return references;
    }
}
