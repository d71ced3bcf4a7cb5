package dev.verity.store;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The evaluation store at one path. Every write is one Delta transaction: a crash leaves the
 * previous version of the table, and a rerun replaces rows instead of adding them twice.
 */
public final class EvaluationStore {
    private final SparkSession spark;
    private final String root;

    /** @throws NotAStoreException when {@code root} is a file, another Delta table or a folder of something else */
    public EvaluationStore(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root;
        checkRoot();
    }

    /**
     * A store is a new or empty folder, or one holding Verity's metrics table or its companion
     * tables: writing into anything else would mix Verity's tables into someone else's data.
     */
    private void checkRoot() {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(root);
        FileStatus status;
        FileStatus[] children;
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                return;
            }
            status = fs.getFileStatus(path);
            children = status.isDirectory() ? fs.listStatus(path) : new FileStatus[0];
        } catch (IOException e) {
            throw new NotAStoreException(root, "cannot be read: " + e.getMessage());
        }
        if (!status.isDirectory()) {
            throw new NotAStoreException(root, "is a file; a store is a folder");
        }
        List<String> names =
                Arrays.stream(children).map(c -> c.getPath().getName()).toList();
        if (names.contains("_delta_log")) {
            List<String> columns = deltaColumns();
            if (!columns.containsAll(Arrays.asList(StoreTables.METRICS.fieldNames()))) {
                throw new NotAStoreException(
                        root,
                        "is a Delta table but not a Verity metrics table (its columns: " + String.join(", ", columns)
                                + ")");
            }
        } else if (!names.isEmpty() && !names.contains(StoreTables.COMPANIONS)) {
            throw new NotAStoreException(
                    root,
                    "is a folder of other files (no _delta_log or " + StoreTables.COMPANIONS
                            + " inside); pass a new or empty folder");
        }
    }

    public String root() {
        return root;
    }

    /** True when the store holds a metrics table or any companion table (runs, drift, schemas...). */
    public boolean exists() {
        return isDeltaTable(root)
                || Files.isDirectory(Path.of(root, StoreTables.COMPANIONS))
                || isDeltaTable(path(StoreTables.RUNS));
    }

    /**
     * Upserts metric rows by {@link StoreTables#METRIC_KEY}: rows of a rerun replace their earlier
     * values, rows for other slices or windows stay.
     */
    public void mergeMetrics(Dataset<Row> rows) {
        Dataset<Row> source = rows.select(StoreTables.METRICS.fieldNames()[0], rest(StoreTables.METRICS.fieldNames()));
        if (!isDeltaTable(root)) {
            // A new table has nothing to match: creating it with the rows is one transaction.
            source.write().format("delta").mode(SaveMode.ErrorIfExists).save(root);
            return;
        }
        String condition = StoreTables.METRIC_KEY.stream()
                .map(c -> "t.`" + c + "` = s.`" + c + "`")
                .collect(Collectors.joining(" AND "));
        DeltaTable.forPath(spark, root)
                .as("t")
                .merge(source.as("s"), condition)
                .whenMatched()
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute();
    }

    /** Replaces the quarantined rows of the given inputs with these, in one transaction. */
    public void replaceQuarantine(Dataset<Row> rows, List<String> inputs) {
        String table = path(StoreTables.QUARANTINE);
        if (!isDeltaTable(table) && rows.isEmpty()) {
            return; // nothing to replace and nothing to add: no transaction
        }
        String predicate =
                "input IN (" + inputs.stream().map(EvaluationStore::sqlString).collect(Collectors.joining(", ")) + ")";
        rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", predicate)
                .save(table);
    }

    private List<String> deltaColumns() {
        try {
            return Arrays.asList(spark.read().format("delta").load(root).columns());
        } catch (RuntimeException e) { // a corrupt or unreadable log; Spark's message can run to many lines
            String message = String.valueOf(e.getMessage()).strip();
            throw new NotAStoreException(
                    root,
                    "its Delta log cannot be read: "
                            + message.lines().findFirst().orElse(""));
        }
    }

    /** Adds a run's row; written before the run writes anything else, with status {@link RunStatus#RUNNING}. */
    public void startRun(Row run) {
        append(List.of(run), StoreTables.RUN, StoreTables.RUNS);
    }

    /** Replaces the run's row (same {@code run_id}) with its final one, or adds it if it was never started. */
    public void finishRun(Row run) {
        String table = path(StoreTables.RUNS);
        if (!isDeltaTable(table)) {
            startRun(run);
            return;
        }
        DeltaTable.forPath(spark, table)
                .as("t")
                .merge(spark.createDataFrame(List.of(run), StoreTables.RUN).as("s"), "t.run_id = s.run_id")
                .withSchemaEvolution() // a store from before the job column gains it
                .whenMatched()
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute();
    }

    public void appendDrift(List<Row> results) {
        append(results, StoreTables.DRIFT_RESULT, StoreTables.DRIFT);
    }

    public void appendFindings(List<Row> findings) {
        append(findings, StoreTables.FINDING, StoreTables.FINDINGS);
    }

    /** Appends one replay run's comparisons of the traffic it replayed. */
    public void appendReplay(
            String runId, java.sql.Timestamp computedAt, String traffic, List<ReplayComparison> results) {
        append(
                results.stream().map(r -> r.toRow(runId, computedAt, traffic)).toList(),
                StoreTables.REPLAY_RESULT,
                StoreTables.REPLAY);
    }

    /**
     * The comparisons of the latest replay of each (model, baseline, candidate), ordered by
     * model, baseline, slice (all first) and metric.
     */
    public List<ReplayComparison> latestReplay() {
        Dataset<Row> latest = replay().withColumn(
                        "latest",
                        functions.max("computed_at").over(Window.partitionBy("model", "baseline", "candidate")))
                .filter(functions.col("computed_at").equalTo(functions.col("latest")));
        List<ReplayComparison> out = new java.util.ArrayList<>(latest.collectAsList().stream()
                .map(r -> ReplayComparison.of(r, r.getAs("model"), r.getAs("baseline"), r.getAs("candidate")))
                .toList());
        out.sort(java.util.Comparator.comparing(ReplayComparison::model)
                .thenComparing(ReplayComparison::baseline)
                .thenComparing(r -> !r.slice().equals("all"))
                .thenComparing(ReplayComparison::slice)
                .thenComparing(ReplayComparison::metric));
        return out;
    }

    public Dataset<Row> replay() {
        return read(path(StoreTables.REPLAY), StoreTables.REPLAY_RESULT);
    }

    public Dataset<Row> findings() {
        return read(path(StoreTables.FINDINGS), StoreTables.FINDING);
    }

    /** The column types of {@code source} as the latest monitor run recorded them (empty if none). */
    public java.util.Map<String, String> latestSchema(String source) {
        Dataset<Row> schemas = read(path(StoreTables.SCHEMAS), StoreTables.SCHEMA_COLUMN)
                .filter(functions.col("source").equalTo(source));
        Row latest = schemas.agg(functions.max("recorded_at")).first();
        java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();
        if (!latest.isNullAt(0)) {
            for (Row r : schemas.filter(functions.col("recorded_at").equalTo(latest.getTimestamp(0)))
                    .collectAsList()) {
                columns.put(r.getAs("column"), r.getAs("type"));
            }
        }
        return columns;
    }

    public void recordSchema(String source, String input, java.util.Map<String, String> columns) {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        List<Row> rows = columns.entrySet().stream()
                .map(e -> org.apache.spark.sql.RowFactory.create(now, source, input, e.getKey(), e.getValue()))
                .toList();
        append(rows, StoreTables.SCHEMA_COLUMN, StoreTables.SCHEMAS);
    }

    private void append(List<Row> rows, org.apache.spark.sql.types.StructType schema, String table) {
        // mergeSchema: a table written before a column was added to its schema gains it
        spark.createDataFrame(rows, schema)
                .write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .save(path(table));
    }

    public Dataset<Row> metrics() {
        return read(root, StoreTables.METRICS);
    }

    /** The runs; a store from before the {@code job} column has it null (its runs are evaluate's). */
    public Dataset<Row> runs() {
        Dataset<Row> runs = read(path(StoreTables.RUNS), StoreTables.RUN);
        return Arrays.asList(runs.columns()).contains(StoreTables.JOB)
                ? runs
                : runs.withColumn(StoreTables.JOB, functions.lit(null).cast("string"));
    }

    public Dataset<Row> drift() {
        return read(path(StoreTables.DRIFT), StoreTables.DRIFT_RESULT);
    }

    public Dataset<Row> quarantine() {
        return read(path(StoreTables.QUARANTINE), StoreTables.QUARANTINED);
    }

    private Dataset<Row> read(String path, org.apache.spark.sql.types.StructType schema) {
        if (!isDeltaTable(path)) {
            return spark.createDataFrame(List.of(), schema);
        }
        return spark.read().format("delta").load(path);
    }

    private String path(String table) {
        return Path.of(root).resolve(table).toString();
    }

    private boolean isDeltaTable(String path) {
        // Checking the folder first keeps a missing store from costing a Delta log lookup.
        return Files.isDirectory(Path.of(path, "_delta_log"))
                || (!isLocal(path) && DeltaTable.isDeltaTable(spark, path));
    }

    private static boolean isLocal(String path) {
        return !path.contains("://") || path.startsWith("file:");
    }

    private static String[] rest(String[] names) {
        return java.util.Arrays.copyOfRange(names, 1, names.length);
    }

    static String sqlString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
