package dev.verity.jobs.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.loss.DataLossChecks;
import dev.verity.drift.loss.Finding;
import dev.verity.drift.loss.FindingKind;
import dev.verity.drift.loss.WindowStats;
import dev.verity.jobs.ModelScope;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputFormat;
import dev.verity.jobs.io.InputReader;
import dev.verity.jobs.profile.ColumnProfiles;
import dev.verity.store.FindingRecord;
import dev.verity.store.Job;
import dev.verity.store.ProfileRecord;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Data-loss and quality monitoring of a prediction log (and its labels): one aggregation per
 * window gathers counts, nulls per column and duplicate ids; the judging is in
 * {@link DataLossChecks}. The log's schema is remembered in the store to find schema changes.
 */
public final class MonitorJob {

    /**
     * @param reference optional: with it, values out of its range and categories it never had are findings too
     * @param predictionDrift with a reference: whether the served score is judged too, as a numeric feature
     * @param model     the model of the log's rows to judge (null: each model of its model column in turn)
     * @param range     the windows to judge (by their start); the baseline windows before it are read too
     */
    public record Config(
            String predictions,
            String labels,
            InputFormat format,
            String store,
            WindowSpec window,
            long labelWindowSeconds,
            int baseline,
            TimeRange range,
            String reference,
            boolean predictionDrift,
            String model,
            String commandLine,
            boolean profiles) {
        /**
         * The predictions read: the range, and before it its first window's baseline and a label
         * window (so a label of the range finds a prediction that can count for it).
         */
        TimeRange read() {
            return range.reachingBack(Math.max(baseline * window.seconds(), labelWindowSeconds));
        }
    }

    /** Categories per column beyond which a column is too diverse to list new categories for. */
    static final int MAX_REFERENCE_CATEGORIES = 1000;

    private final SparkSession spark;

    public MonitorJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * The findings of each model's rows, judged apart (see {@link ModelScope}). With a store,
     * each model's run is recorded there (a clean run too: zero findings), failures included.
     */
    public List<FindingRecord> run(Config config) {
        EvaluationStore store = config.store() == null ? null : new EvaluationStore(spark, config.store());
        List<List<FindingRecord>> perModel = ModelScope.runEach(
                () -> {
                    Dataset<Row> log = new InputReader(spark).read(config.predictions(), config.format());
                    InputReader.requireColumns(log, config.predictions(), List.of("prediction_id", "ts"));
                    return within(log, "ts", config.read());
                },
                config.predictions(),
                config.model(),
                store,
                model -> scope(config, model),
                (model, log, runId) -> {
                    Judged judged = findings(config, log, model);
                    List<FindingRecord> found = records(
                            judged.findings().stream()
                                    .filter(f -> f.windowStart() == null
                                            || config.range().includes(f.windowStart()))
                                    .toList(),
                            model,
                            config);
                    if (store != null) {
                        java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
                        store.appendFindings(runId, now, found);
                        store.appendProfiles(runId, now, judged.profiles());
                    }
                    return found;
                });
        return perModel.stream().flatMap(List::stream).toList();
    }

    /**
     * A model's findings, and with a store (unless profiles are off) the profile of each window of
     * the range and feature column (the served score among them): later readers need not read the
     * log again. The baseline windows read before the range are not profiled.
     */
    private record Judged(List<Finding> findings, List<ProfileRecord> profiles) {}

    private static StoreRun.Scope scope(Config config, String model) {
        return new StoreRun.Scope(Job.MONITOR, model, config.commandLine(), config.predictions());
    }

    private static List<FindingRecord> records(List<Finding> findings, String model, Config config) {
        return findings.stream()
                .map(f -> new FindingRecord(model, config.predictions(), f))
                .toList();
    }

    /**
     * The findings of one model's rows of {@code log}. Labels are that model's when they have a
     * model column; an orphan label is one whose prediction is in no model's rows.
     */
    private Judged findings(Config config, Dataset<Row> log, String model) {
        InputReader reader = new InputReader(spark);
        Dataset<Row> raw = ModelScope.only(log, model);
        long seconds = config.window().seconds();
        Column start = WindowSpec.startOf(ColumnParsing.timestamp(raw, "ts"), seconds);
        ColumnProfiles profiles = config.store() != null && config.profiles()
                ? ColumnProfiles.of(raw, List.of(), List.of(), config.predictionDrift())
                : null;
        Dataset<Row> predictions = raw.withColumn("_window", start);
        // the profiles are aggregated while the window counts' pass reads the rows: no second read
        Observation profiled = new Observation(ColumnProfiles.NAME);
        if (profiles != null && !profiles.isEmpty()) {
            predictions = predictions.observe(profiled, profiles.aggregate(predictions, col("_window")));
        }

        List<String> columns = Arrays.stream(raw.columns())
                .filter(c -> !c.equals(InputReader.CORRUPT))
                .toList();
        List<Column> aggregates = new ArrayList<>(List.of(
                count(lit(1)).as("_rows"),
                count_distinct(col("prediction_id")).as("_distinct"),
                count(col("prediction_id")).as("_ids")));
        for (String c : columns) {
            aggregates.add(
                    sum(when(col("`" + c + "`").isNull(), 1).otherwise(0)).as("_null_" + c));
        }
        ReferenceProfile profile = config.reference() == null
                ? null
                : ReferenceProfile.of(reader.read(config.reference(), config.format()), raw, config.predictionDrift());
        if (profile != null) {
            profile.ranges()
                    .forEach((c, range) -> aggregates.add(sum(when(
                                            ColumnParsing.number(raw, c)
                                                    .lt(range[0])
                                                    .or(ColumnParsing.number(raw, c)
                                                            .gt(range[1])),
                                            1)
                                    .otherwise(0))
                            .as("_oor_" + c)));
        }
        boolean withLabels = config.labels() != null;
        Dataset<Row> windowed = predictions;
        Dataset<Row> labels = null;
        if (withLabels) {
            labels = ModelScope.only(reader.read(config.labels(), config.format()), model);
            InputReader.requireColumns(labels, config.labels(), List.of("prediction_id", "label_ts"));
            labels = within(labels, "label_ts", config.read().extendedBy(config.labelWindowSeconds()));
            Dataset<Row> labelledIds =
                    labels.select(col("prediction_id").as("_lid")).distinct();
            windowed = predictions.join(
                    labelledIds, predictions.col("prediction_id").equalTo(labelledIds.col("_lid")), "left");
            aggregates.add(count(col("_lid")).as("_labelled"));
        }
        List<Row> rows = windowed.groupBy("_window")
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .collectAsList();

        Instant labelsSeenUntil = withLabels ? latestLabel(labels) : null;
        List<WindowStats> stats = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Row row : rows) {
            WindowCounts counts =
                    WindowCounts.of(row, columns, profile == null ? Map.of() : profile.ranges(), withLabels);
            if (counts.start() == null) {
                findings.add(new Finding(
                        FindingKind.BAD_TIMESTAMP,
                        null,
                        "ts",
                        counts.rows(),
                        0,
                        "rows whose ts is missing or not a timestamp cannot be placed in a window"));
                continue;
            }
            Instant windowStart = counts.start();
            Long labelled = null;
            // Judge coverage only once every label of the window could have arrived.
            if (withLabels
                    && labelsSeenUntil != null
                    && !windowStart
                            .plusSeconds(seconds + config.labelWindowSeconds())
                            .isAfter(labelsSeenUntil)) {
                labelled = counts.labelled();
            }
            stats.add(new WindowStats(
                    windowStart, counts.rows(), counts.nulls(), counts.ids() - counts.distinct(), labelled));
            if (profile != null) {
                profile.ranges()
                        .forEach((c, range) -> DataLossChecks.outOfRange(
                                        windowStart, c, counts.outOfRange().get(c), counts.rows(), range[0], range[1])
                                .ifPresent(findings::add));
            }
        }
        findings.addAll(new DataLossChecks(Duration.ofSeconds(seconds), config.baseline()).check(stats));
        if (withLabels) {
            orphans(log, labels, seconds, findings);
        }
        if (profile != null) {
            findings.addAll(profile.newCategories(predictions));
        }
        if (config.store() != null) {
            findings.addAll(schemaChanges(raw, config));
        }
        if (profiles == null || profiles.isEmpty()) {
            return new Judged(findings, List.of());
        }
        List<ProfileRecord> records =
                profiles.records(profiled, seconds, model, config.predictions(), config.range()::includes);
        return new Judged(findings, records);
    }

    /** The rows of {@code range} by {@code timeColumn}, and those whose time cannot be read (judged by every run). */
    private static Dataset<Row> within(Dataset<Row> data, String timeColumn, TimeRange range) {
        if (range.isAll()) {
            return data;
        }
        return InputReader.within(data, timeColumn, range)
                .filter(range.keeps(ColumnParsing.timestamp(data, timeColumn)));
    }

    private static Instant latestLabel(Dataset<Row> labels) {
        Row row = labels.agg(max(ColumnParsing.timestamp(labels, "label_ts"))).first();
        return row.isNullAt(0) ? null : row.getTimestamp(0).toInstant();
    }

    private static void orphans(Dataset<Row> predictions, Dataset<Row> labels, long seconds, List<Finding> findings) {
        Column labelWindow = WindowSpec.startOf(ColumnParsing.timestamp(labels, "label_ts"), seconds);
        Dataset<Row> orphanCounts = labels.withColumn("_window", labelWindow)
                .join(predictions.select("prediction_id"), "prediction_id", "left_anti")
                .groupBy("_window")
                .count()
                .orderBy("_window");
        for (Row row : orphanCounts.collectAsList()) {
            findings.add(new Finding(
                    FindingKind.ORPHAN_LABELS,
                    row.isNullAt(0) ? null : row.getTimestamp(0).toInstant(),
                    "prediction_id",
                    row.getLong(1),
                    0,
                    "labels for predictions that were never logged: the prediction log lost rows"));
        }
    }

    private List<Finding> schemaChanges(Dataset<Row> raw, Config config) {
        EvaluationStore store = new EvaluationStore(spark, config.store());
        Map<String, String> current = new LinkedHashMap<>();
        Arrays.stream(raw.schema().fields())
                .filter(f -> !f.name().equals(InputReader.CORRUPT))
                .forEach(f -> current.put(f.name(), f.dataType().simpleString()));
        Map<String, String> previous = new HashMap<>();
        store.latestSchema("predictions").forEach(previous::put);
        store.recordSchema("predictions", config.predictions(), current);
        return DataLossChecks.schemaChanges(previous, current, Instant.now());
    }

    /**
     * One window's counts as the aggregation names them: rows, nulls and out-of-range values per
     * column, ids and distinct ids, labelled rows (null without labels); {@code start} null for
     * the rows whose ts is no timestamp.
     */
    private record WindowCounts(
            Instant start,
            long rows,
            Map<String, Long> nulls,
            long ids,
            long distinct,
            Long labelled,
            Map<String, Long> outOfRange) {
        static WindowCounts of(Row row, List<String> columns, Map<String, double[]> ranges, boolean withLabels) {
            Map<String, Long> nulls = new LinkedHashMap<>();
            columns.forEach(c -> nulls.put(c, row.<Long>getAs("_null_" + c)));
            Map<String, Long> outOfRange = new LinkedHashMap<>();
            ranges.keySet().forEach(c -> outOfRange.put(c, row.<Long>getAs("_oor_" + c)));
            return new WindowCounts(
                    row.isNullAt(0) ? null : row.getTimestamp(0).toInstant(),
                    row.<Long>getAs("_rows"),
                    nulls,
                    row.<Long>getAs("_ids"),
                    row.<Long>getAs("_distinct"),
                    withLabels ? row.<Long>getAs("_labelled") : null,
                    outOfRange);
        }
    }
}
