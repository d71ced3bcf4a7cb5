package dev.verity.store.delta;

import dev.verity.store.Columns;
import dev.verity.store.DriftRecord;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.FindingRecord;
import dev.verity.store.InputFileRecord;
import dev.verity.store.Job;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.NotAStoreException;
import dev.verity.store.ProfileRecord;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.RunStatus;
import dev.verity.store.SliceRecord;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.StoreTables;
import dev.verity.store.SwitchbackRecord;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The evaluation store at one path. Every write is one Delta transaction: a crash leaves the
 * previous version of the table, and a rerun replaces rows instead of adding them twice.
 */
public final class EvaluationStore {
    private final SparkSession spark;
    private final String root;
    /** Null: the latest version of every table; else the time this read-only view of the store shows. */
    private final Instant asOf;

    private final StoreReader reader;

    /** @throws NotAStoreException when {@code root} is a file, another Delta table or a folder of something else */
    public EvaluationStore(SparkSession spark, String root) {
        this(spark, root, null);
        checkRoot();
    }

    private EvaluationStore(SparkSession spark, String root, Instant asOf) {
        this.spark = spark;
        this.root = root;
        this.asOf = asOf;
        this.reader = new StoreReader(root, spark.sparkContext().hadoopConfiguration());
    }

    /**
     * The store as it was at {@code time} (Delta time travel): each table at the latest version
     * committed by then, a table created later empty. Read-only.
     */
    public EvaluationStore asOf(Instant time) {
        return new EvaluationStore(spark, root, time);
    }

    /**
     * The tables serve, report, advise and compare read, pinned now (or as of this view's time),
     * read by Delta Kernel.
     */
    public StoreSnapshot snapshot() {
        return asOf == null ? reader.latest() : reader.asOf(asOf);
    }

    private void requireLatest() {
        if (asOf != null) {
            throw new IllegalStateException("a store as of " + asOf + " is read-only");
        }
    }

    private void checkRoot() {
        reader.requireStore();
    }

    public String root() {
        return root;
    }

    /** True when the store holds a metrics table or any companion table (runs, drift, schemas...). */
    public boolean exists() {
        return reader.exists();
    }

    /**
     * Upserts metric rows by {@link StoreTables#METRIC_KEY}: rows of a rerun replace their earlier
     * values, rows for other slices or windows stay. A new metrics table is partitioned by
     * {@link StoreTables#METRICS_PARTITION}; the merge reads only the partitions of the rows'
     * models, so runs of different models into one store do not conflict, and a run that loses a
     * race with another is retried.
     */
    public void mergeMetrics(Dataset<Row> rows) {
        requireLatest();
        Dataset<Row> source =
                rows.select(TableSchemas.METRICS.fieldNames()[0], rest(TableSchemas.METRICS.fieldNames()));
        List<String> models = source.select(StoreTables.METRICS_PARTITION).distinct().collectAsList().stream()
                .map(r -> sqlString(r.getString(0)))
                .toList();
        String condition = "t.`" + StoreTables.METRICS_PARTITION + "` IN (" + String.join(", ", models) + ") AND "
                + StoreTables.METRIC_KEY.stream()
                        .map(c -> "t.`" + c + "` = s.`" + c + "`")
                        .collect(Collectors.joining(" AND "));
        ConflictRetry.run(() -> {
            if (!isDeltaTable(root)) {
                // A new table has nothing to match: creating it with the rows is one transaction.
                try {
                    source.write()
                            .format("delta")
                            .partitionBy(StoreTables.METRICS_PARTITION)
                            .mode(SaveMode.ErrorIfExists)
                            .save(root);
                    return;
                } catch (RuntimeException e) {
                    if (isDeltaTable(root)) {
                        throw new ConflictRetry.TableCreatedMeanwhile(e);
                    }
                    throw e;
                }
            }
            DeltaTable.forPath(spark, root)
                    .as("t")
                    .merge(source.as("s"), condition)
                    .whenMatched()
                    .updateAll()
                    .whenNotMatched()
                    .insertAll()
                    .execute();
        });
    }

    /** {@link #mergeMetrics(Dataset)} of a job's metric records. */
    public void mergeMetrics(List<MetricRecord> records) {
        mergeMetrics(spark.createDataFrame(
                records.stream()
                        .map(r -> SparkRows.of(r.named(), TableSchemas.METRICS))
                        .toList(),
                TableSchemas.METRICS));
    }

    /**
     * Deletes the metric rows of the windows starting in {@code [from, until)} (null: open) that
     * earlier evaluate runs over the same two logs wrote and run {@code runId} did not write again:
     * rows of windows or slices those logs no longer hold (a file deleted, a value gone). Rows of
     * runs over other logs (another model's) stay.
     */
    public void removeUnwritten(String runId, String predictions, String labels, Instant from, Instant until) {
        requireLatest();
        if (!isDeltaTable(root)) {
            return;
        }
        List<String> earlier = runs().filter(functions
                        .col(RunRecord.PREDICTIONS)
                        .equalTo(predictions)
                        .and(functions.col(RunRecord.LABELS).equalTo(labels))
                        .and(functions.col(Columns.RUN_ID).notEqual(runId))
                        .and(functions
                                .col(Columns.JOB)
                                .isNull()
                                .or(functions.col(Columns.JOB).equalTo(Job.EVALUATE.id()))))
                .select(Columns.RUN_ID)
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        if (earlier.isEmpty()) {
            return;
        }
        String condition =
                "run_id IN (" + earlier.stream().map(EvaluationStore::sqlString).collect(Collectors.joining(", "))
                        + ")" + (from == null ? "" : " AND window_start >= TIMESTAMP '" + from + "'")
                        + (until == null ? "" : " AND window_start < TIMESTAMP '" + until + "'");
        ConflictRetry.run(() -> DeltaTable.forPath(spark, root).delete(condition));
    }

    private static final String COMMIT_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    /** How far back in the metrics table's history a run's own commit is looked for. */
    private static final int HISTORY_LOOKBACK = 100;

    /** Runs {@code write} with every Delta commit it makes carrying {@code runId} (the commit's user metadata). */
    public void committedAs(String runId, Runnable write) {
        requireLatest();
        withSessionConf(COMMIT_METADATA, runId, write);
    }

    /** Runs {@code work} with the session's {@code key} set to {@code value}, then as it was (or unset). */
    private void withSessionConf(String key, String value, Runnable work) {
        String before = spark.conf().get(key, null);
        spark.conf().set(key, value);
        try {
            work.run();
        } finally {
            if (before == null) {
                spark.conf().unset(key);
            } else {
                spark.conf().set(key, before);
            }
        }
    }

    /** The version of the metrics table that the run {@code runId} committed ({@link #committedAs}); empty if none. */
    public java.util.OptionalLong metricsVersionOf(String runId) {
        if (!isDeltaTable(root)) {
            return java.util.OptionalLong.empty();
        }
        Row found = DeltaTable.forPath(spark, root)
                .history(HISTORY_LOOKBACK)
                .filter(functions.col("userMetadata").equalTo(runId))
                .agg(functions.max("version"))
                .first();
        return found.isNullAt(0) ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(found.getLong(0));
    }

    /** What maintenance did to one table. */
    public record Maintenance(String table, long filesRemoved, long filesAdded) {}

    /**
     * Compacts the small files that daily merges leave in each table (Delta's OPTIMIZE), so
     * readers open few files; the replaced files stay for time travel until {@link #vacuum}.
     */
    public List<Maintenance> optimize() {
        List<Maintenance> done = new java.util.ArrayList<>();
        for (String table : existingTables()) {
            Row metrics = DeltaTable.forPath(spark, tablePath(table))
                    .optimize()
                    .executeCompaction()
                    .select("metrics.numFilesRemoved", "metrics.numFilesAdded")
                    .first();
            done.add(new Maintenance(name(table), metrics.getLong(0), metrics.getLong(1)));
        }
        return done;
    }

    /** Delta's shortest safe retention: a file younger than this may belong to a write still in progress. */
    public static final long MIN_RETAIN_HOURS = 168;

    /** Delta keeps a table's log 30 days by default; it must never be shorter than the files' retention. */
    private static final long DEFAULT_LOG_RETENTION_HOURS = 30 * 24;

    /**
     * Deletes the files that no version of the last {@code retainHours} needs (Delta's VACUUM),
     * with that retention set on each table first ({@code delta.deletedFileRetentionDuration},
     * the log kept at least as long): Delta ignores a retention passed to VACUUM itself. Each
     * table then records where its history starts ({@link StoreReader#HISTORY_START}), which
     * {@code --as-of} reaches and no further. The files removed are those a dry run listed and
     * the vacuum deleted, so a writer adding files meanwhile does not skew the count.
     */
    public List<Maintenance> vacuum(long retainHours) {
        if (retainHours < MIN_RETAIN_HOURS) {
            throw new IllegalArgumentException("retention below " + MIN_RETAIN_HOURS + " hours: " + retainHours);
        }
        List<Maintenance> done = new java.util.ArrayList<>();
        // Delta lists a table's files in this many tasks (10,000 by default): minutes for a small store
        withSessionConf(
                "spark.sql.sources.parallelPartitionDiscovery.parallelism",
                Integer.toString(spark.sparkContext().defaultParallelism()),
                () -> existingTables().forEach(table -> done.add(vacuum(table, retainHours))));
        return done;
    }

    private Maintenance vacuum(String table, long retainHours) {
        String sqlTable = "delta.`" + tablePath(table).replace("`", "``") + "`";
        setProperties(
                sqlTable,
                java.util.Map.of(
                        "delta.deletedFileRetentionDuration", "interval " + retainHours + " hours",
                        "delta.logRetentionDuration",
                                "interval " + Math.max(retainHours, DEFAULT_LOG_RETENTION_HOURS) + " hours"));
        List<String> candidates = spark.sql("VACUUM " + sqlTable + " DRY RUN")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        DeltaTable.forPath(spark, tablePath(table)).vacuum();
        // A version committed before this instant less the retention may have lost files.
        Instant historyStart = Instant.now().minus(java.time.Duration.ofHours(retainHours));
        setProperties(sqlTable, java.util.Map.of(StoreReader.HISTORY_START, historyStart.toString()));
        return new Maintenance(
                name(table), candidates.stream().filter(f -> !exists(f)).count(), 0);
    }

    /** Sets table properties, committing only when one differs from the table's. */
    private void setProperties(String sqlTable, java.util.Map<String, String> properties) {
        java.util.Map<String, String> current = new java.util.HashMap<>();
        spark.sql("SHOW TBLPROPERTIES " + sqlTable)
                .collectAsList()
                .forEach(r -> current.put(r.getString(0), r.getString(1)));
        java.util.Map<String, String> changed = new java.util.TreeMap<>(properties);
        changed.entrySet().removeIf(e -> e.getValue().equals(current.get(e.getKey())));
        if (changed.isEmpty()) {
            return;
        }
        String assignments = changed.entrySet().stream()
                .map(e -> sqlString(e.getKey()) + " = " + sqlString(e.getValue()))
                .collect(Collectors.joining(", "));
        ConflictRetry.run(() -> spark.sql("ALTER TABLE " + sqlTable + " SET TBLPROPERTIES (" + assignments + ")"));
    }

    private boolean exists(String file) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration())
                    .exists(path);
        } catch (IOException e) {
            throw new NotAStoreException(root, "cannot be listed: " + e.getMessage());
        }
    }

    private List<String> existingTables() {
        requireLatest();
        return StoreTables.ALL.stream().filter(t -> isDeltaTable(tablePath(t))).toList();
    }

    private String tablePath(String table) {
        return reader.tablePath(table);
    }

    private static String name(String table) {
        return table.equals(StoreTables.METRICS) ? "metrics" : table;
    }

    /**
     * Replaces the quarantined rows of the given inputs with these, in one transaction.
     *
     * @param scope a condition on the quarantine's columns selecting the rows a run over part of
     *              the inputs replaces (its time range); null for all of the inputs' rows
     */
    public void replaceQuarantine(Dataset<Row> rows, List<String> inputs, String scope) {
        requireLatest();
        String table = path(StoreTables.QUARANTINE);
        if (!isDeltaTable(table) && rows.isEmpty()) {
            return; // nothing to replace and nothing to add: no transaction
        }
        String predicate = Columns.INPUT + " IN ("
                + inputs.stream().map(EvaluationStore::sqlString).collect(Collectors.joining(", ")) + ")"
                + (scope == null ? "" : " AND (" + scope + ")");
        ConflictRetry.run(() -> rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", predicate)
                .option("mergeSchema", "true") // a quarantine from before the ts column gains it
                .save(table));
    }

    /** Adds a run's row; written before the run writes anything else, with status {@link RunStatus#RUNNING}. */
    public void startRun(RunRecord run) {
        append(List.of(runRow(run)), TableSchemas.RUN, StoreTables.RUNS);
    }

    /** Replaces the run's row (same {@code run_id}) with its final one, or adds it if it was never started. */
    public void finishRun(RunRecord run) {
        requireLatest();
        String table = path(StoreTables.RUNS);
        if (!isDeltaTable(table)) {
            startRun(run);
            return;
        }
        // the runs table is one file set every run merges into: two runs finishing together
        // conflict, and the merge (keyed by run_id) is safe to repeat on the new version
        ConflictRetry.run(() -> DeltaTable.forPath(spark, table)
                .as("t")
                .merge(
                        spark.createDataFrame(List.of(runRow(run)), TableSchemas.RUN)
                                .as("s"),
                        "t.run_id = s.run_id")
                .withSchemaEvolution() // a store from before the job column gains it
                .whenMatched()
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute());
    }

    private static Row runRow(RunRecord run) {
        return SparkRows.of(run.named(), TableSchemas.RUN);
    }

    /** Appends one drift run's verdicts. */
    public void appendDrift(String runId, java.sql.Timestamp computedAt, List<DriftRecord> results) {
        appendResults(StoreTables.DRIFT, runId, computedAt, results.stream().map(DriftRecord::named));
    }

    /** Appends one monitor run's column profiles (none: no transaction). */
    public void appendProfiles(String runId, java.sql.Timestamp computedAt, List<ProfileRecord> profiles) {
        appendResults(StoreTables.PROFILES, runId, computedAt, profiles.stream().map(ProfileRecord::named));
    }

    /** Appends one monitor run's findings (none: no transaction; its run row says it found nothing). */
    public void appendFindings(String runId, java.sql.Timestamp computedAt, List<FindingRecord> findings) {
        appendResults(StoreTables.FINDINGS, runId, computedAt, findings.stream().map(FindingRecord::named));
    }

    /** Appends one replay run's comparisons of the traffic it replayed. */
    public void appendReplay(
            String runId, java.sql.Timestamp computedAt, String traffic, List<ReplayComparison> results) {
        appendResults(
                StoreTables.REPLAY,
                runId,
                computedAt,
                results.stream().map(r -> r.named().put(ReplayComparison.TRAFFIC, traffic)));
    }

    /** Appends one fairness run's measures. */
    public void appendFairness(String runId, java.sql.Timestamp computedAt, List<FairnessRecord> measures) {
        appendResults(StoreTables.FAIRNESS, runId, computedAt, measures.stream().map(FairnessRecord::named));
    }

    /** Appends one switch-back run's verdict. */
    public void appendSwitchback(String runId, java.sql.Timestamp computedAt, SwitchbackRecord verdict) {
        appendResults(StoreTables.SWITCHBACK, runId, computedAt, java.util.stream.Stream.of(verdict.named()));
    }

    /** Appends one slices run's findings (none: no transaction; its run row says it found nothing). */
    public void appendSlices(String runId, java.sql.Timestamp computedAt, List<SliceRecord> slices) {
        appendResults(StoreTables.SLICES, runId, computedAt, slices.stream().map(SliceRecord::named));
    }

    /** Appends one explain run's ranking of the features (none: no transaction). */
    public void appendExplanations(String runId, java.sql.Timestamp computedAt, List<ExplanationRecord> ranked) {
        appendResults(
                StoreTables.EXPLANATIONS, runId, computedAt, ranked.stream().map(ExplanationRecord::named));
    }

    /** Appends a run's result rows to {@code table}; none: no transaction (its run row says it found nothing). */
    private void appendResults(
            String table, String runId, java.sql.Timestamp computedAt, java.util.stream.Stream<NamedValues> results) {
        StructType schema = TableSchemas.OF.get(table);
        List<Row> rows = results.map(
                        v -> SparkRows.of(v.put(Columns.RUN_ID, runId).put(Columns.COMPUTED_AT, computedAt), schema))
                .toList();
        if (!rows.isEmpty()) {
            append(rows, schema, table);
        }
    }

    /** The files of {@code inputs} as the latest incremental run over them recorded them. */
    public List<InputFileRecord> inputFiles(List<String> inputs) {
        // read by Delta Kernel: an incremental run's first read of the store, without the Spark
        // jobs and log replay a first Delta read in the process costs
        io.delta.kernel.Snapshot snapshot = reader.snapshot(StoreTables.INPUTS, asOf);
        if (snapshot == null) {
            return List.of();
        }
        return KernelRows.read(reader.engine(), snapshot).stream()
                .map(InputFileRecord::of)
                .filter(f -> inputs.contains(f.input()))
                .toList();
    }

    /** Replaces what the store knows of the files of {@code inputs} with {@code files}, in one transaction. */
    public void replaceInputFiles(String runId, List<String> inputs, List<InputFileRecord> files) {
        requireLatest();
        java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
        Dataset<Row> rows = spark.createDataFrame(
                files.stream()
                        .map(f -> SparkRows.of(
                                f.named().put(Columns.RUN_ID, runId).put(InputFileRecord.RECORDED_AT, now),
                                TableSchemas.INPUT_FILE))
                        .toList(),
                TableSchemas.INPUT_FILE);
        String predicate = Columns.INPUT + " IN ("
                + inputs.stream().map(EvaluationStore::sqlString).collect(Collectors.joining(", ")) + ")";
        ConflictRetry.run(() -> rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", predicate)
                .save(path(StoreTables.INPUTS)));
    }

    public Dataset<Row> replay() {
        return read(StoreTables.REPLAY);
    }

    public Dataset<Row> findings() {
        return read(StoreTables.FINDINGS);
    }

    /** The column types of {@code source} as the latest monitor run recorded them (empty if none). */
    public java.util.Map<String, String> latestSchema(String source) {
        Dataset<Row> schemas =
                read(StoreTables.SCHEMAS).filter(functions.col(Columns.SOURCE).equalTo(source));
        Row latest = schemas.agg(functions.max(InputFileRecord.RECORDED_AT)).first();
        java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();
        if (!latest.isNullAt(0)) {
            for (Row r : schemas.filter(
                            functions.col(InputFileRecord.RECORDED_AT).equalTo(latest.getTimestamp(0)))
                    .select(Columns.COLUMN, "type")
                    .collectAsList()) {
                columns.put(r.getString(0), r.getString(1));
            }
        }
        return columns;
    }

    public void recordSchema(String source, String input, java.util.Map<String, String> columns) {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        List<Row> rows = columns.entrySet().stream()
                .map(e -> org.apache.spark.sql.RowFactory.create(now, source, input, e.getKey(), e.getValue()))
                .toList();
        append(rows, TableSchemas.SCHEMA_COLUMN, StoreTables.SCHEMAS);
    }

    private void append(List<Row> rows, org.apache.spark.sql.types.StructType schema, String table) {
        requireLatest();
        // mergeSchema: a table written before a column was added to its schema gains it
        ConflictRetry.run(() -> spark.createDataFrame(rows, schema)
                .write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .save(path(table)));
    }

    public Dataset<Row> metrics() {
        return read(StoreTables.METRICS);
    }

    /** The runs; a store from before the {@code job} column has it null (its runs are evaluate's). */
    public Dataset<Row> runs() {
        return read(StoreTables.RUNS);
    }

    public Dataset<Row> drift() {
        return read(StoreTables.DRIFT);
    }

    public Dataset<Row> quarantine() {
        return read(StoreTables.QUARANTINE);
    }

    /** One of the store's tables; columns added to {@code schema} since it was written read as null. */
    private Dataset<Row> read(String table) {
        StructType schema = TableSchemas.OF.get(table);
        if (!isDeltaTable(reader.tablePath(table))) {
            return spark.createDataFrame(List.of(), schema);
        }
        org.apache.spark.sql.DataFrameReader delta = spark.read().format("delta");
        if (asOf != null) {
            io.delta.kernel.Snapshot version = reader.snapshot(table, asOf);
            if (version == null) {
                return spark.createDataFrame(List.of(), schema);
            }
            delta = delta.option("versionAsOf", version.getVersion());
        }
        Dataset<Row> rows = delta.load(reader.tablePath(table));
        List<String> present = Arrays.asList(rows.columns());
        for (org.apache.spark.sql.types.StructField field : schema.fields()) {
            if (!present.contains(field.name())) {
                rows = rows.withColumn(field.name(), functions.lit(null).cast(field.dataType()));
            }
        }
        return rows;
    }

    private String path(String table) {
        return reader.path(table);
    }

    private boolean isDeltaTable(String path) {
        return reader.isDeltaTable(path);
    }

    private static String[] rest(String[] names) {
        return java.util.Arrays.copyOfRange(names, 1, names.length);
    }

    public static String sqlString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
