package dev.verity.jobs.io;

import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads an input log by path: a Delta table, Parquet, CSV with a header, or JSON lines. CSV is
 * read as RFC 4180 (quoted fields may hold commas, newlines and doubled quotes) and as strings,
 * so that a bad value reaches validation (and the quarantine) instead of silently becoming null.
 * A CSV record whose field count differs from the header, and a malformed JSON line, are kept
 * in {@link #CORRUPT} for the same reason.
 */
public final class InputReader {
    /**
     * The reader's own column holding a malformed record's text; named so that no log's column
     * is taken for it (Spark's default, {@code _corrupt_record}, is an ordinary column here).
     */
    public static final String CORRUPT = "_verity_malformed_record";

    private static final int QUOTED_RECORD_CHARS = 120;

    private final SparkSession spark;

    public InputReader(SparkSession spark) {
        this.spark = spark;
    }

    /** The given format, or the one the path's name or contents tell. */
    public InputFormat formatOf(String path, InputFormat format) {
        return format == null ? guessFormat(spark.sparkContext().hadoopConfiguration(), path) : format;
    }

    /** @param format null to guess it from the path */
    public Dataset<Row> read(String path, InputFormat format) {
        return read(path, List.of(), format);
    }

    /**
     * The log at {@code path}, or only its {@code files} (files of the folder at {@code path},
     * whose date partitions they keep) when there are any.
     *
     * @param format null to guess it from the path
     */
    public Dataset<Row> read(String path, List<String> files, InputFormat format) {
        InputFormat chosen = formatOf(path, format);
        String[] paths = files.isEmpty() ? new String[] {path} : files.toArray(String[]::new);
        if (!files.isEmpty() && chosen == InputFormat.DELTA) {
            throw new BadInputException(path + ": a Delta table is read whole, not by its files");
        }
        DataFrameReader reader = spark.read();
        if (!files.isEmpty() && isDirectory(path)) {
            reader = reader.option("basePath", path); // the files keep their folders' partition columns
        }
        try {
            return switch (chosen) {
                case DELTA -> reader.format("delta").load(path);
                case PARQUET -> reader.parquet(paths);
                case CSV -> csv(reader, paths);
                case JSON ->
                    reader.option("mode", "PERMISSIVE")
                            .option("columnNameOfCorruptRecord", CORRUPT)
                            .json(paths);
            };
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) { // Spark's exceptions are checked in Java's eyes (SparkException)
            throw new BadInputException(path + ": cannot read as " + chosen.id() + ": " + Errors.oneLine(e), e);
        }
    }

    private boolean isDirectory(String path) {
        org.apache.hadoop.fs.Path location = new org.apache.hadoop.fs.Path(path);
        try {
            return location.getFileSystem(spark.sparkContext().hadoopConfiguration())
                    .getFileStatus(location)
                    .isDirectory();
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot be read: " + Errors.oneLine(e), e);
        }
    }

    /**
     * Every file's header must name the same columns in the same order (Spark checks each file
     * against the schema), so no value lands in another column's place.
     */
    private Dataset<Row> csv(DataFrameReader reader, String... paths) {
        StructType schema = new StructType();
        for (String column : csvHeader(paths[0])) {
            schema = schema.add(column, DataTypes.StringType);
        }
        return csvReader(reader)
                .option("header", "true")
                .option("enforceSchema", "false")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .schema(schema.add(CORRUPT, DataTypes.StringType))
                .csv(paths);
    }

    /** The header of one of the files, as written: Spark would rename duplicate and empty names. */
    private List<String> csvHeader(String path) {
        Row header = csvReader(spark.read()).option("header", "false").csv(path).takeAsList(1).stream()
                .findFirst()
                .orElseThrow(() -> new BadInputException(path + ": empty: a CSV input starts with a header row"));
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < header.length(); i++) {
            String name = header.isNullAt(i) ? "" : header.getString(i).strip();
            if (name.isEmpty()) {
                throw new BadInputException(
                        path + ": header field " + (i + 1) + " is empty: every column needs a name");
            }
            if (name.equals(CORRUPT)) {
                throw new BadInputException(path + ": column '" + CORRUPT + "' is the name Verity reads malformed "
                        + "records into; rename it");
            }
            if (columns.contains(name)) {
                throw new BadInputException(path + ": column '" + name + "' appears twice in the header");
            }
            columns.add(name);
        }
        return columns;
    }

    /** RFC 4180: a quote inside a quoted field is doubled, and a quoted field may span lines. */
    private static DataFrameReader csvReader(DataFrameReader reader) {
        return reader.option("multiLine", "true")
                .option("quote", "\"")
                .option("escape", "\"")
                .option("mode", "PERMISSIVE");
    }

    /**
     * The rows as read, for a command that passes them on (score): a malformed record is an error
     * quoting it, and the reader's own {@link #CORRUPT} column never leaves Verity.
     */
    public static Dataset<Row> wellFormed(Dataset<Row> data, String path) {
        if (!Arrays.asList(data.columns()).contains(CORRUPT)) {
            return data;
        }
        // every column read: Spark refuses a scan of the malformed-record column alone
        List<Row> malformed = data.filter(
                        org.apache.spark.sql.functions.col(CORRUPT).isNotNull())
                .takeAsList(1);
        if (!malformed.isEmpty()) {
            String record = malformed.get(0).getAs(CORRUPT);
            throw new BadInputException(path + ": a malformed record (wrong number of fields, or not JSON): '"
                    + (record.length() > QUOTED_RECORD_CHARS
                                    ? record.substring(0, QUOTED_RECORD_CHARS) + "..."
                                    : record)
                            .strip()
                    + "'");
        }
        return data.drop(CORRUPT);
    }

    /** The names Hive-style date partitions go by ({@code dt=2026-11-01/}). */
    private static final Set<String> DATE_PARTITIONS = Set.of("dt", "ds", "date", "day");

    /**
     * The rows of a log that a run over {@code range} needs, by {@code timeColumn}, filtered
     * where the reader can skip what lies outside: a native timestamp column by the files' and
     * row groups' statistics (Parquet, Delta), Hive-style date partition folders by their
     * names. The exact filter on the parsed time follows in validation; a row whose time is
     * null stays, for the quarantine.
     */
    public static Dataset<Row> within(Dataset<Row> data, String timeColumn, dev.verity.jobs.TimeRange range) {
        if (range.isAll()) {
            return data;
        }
        Dataset<Row> kept = data;
        if (Arrays.asList(data.columns()).contains(timeColumn)) {
            org.apache.spark.sql.types.DataType type =
                    data.schema().apply(timeColumn).dataType();
            if (type instanceof org.apache.spark.sql.types.TimestampType) {
                Column time = org.apache.spark.sql.functions.col(timeColumn);
                kept = kept.filter(range.keeps(time));
            }
        }
        for (org.apache.spark.sql.types.StructField partition : partitionFields(data)) {
            if (DATE_PARTITIONS.contains(partition.name().toLowerCase(Locale.ROOT))) {
                kept = kept.filter(datesOf(partition, range));
            }
        }
        return kept;
    }

    /** The days a range touches, as a condition on a date partition column (a date, or its ISO text). */
    private static Column datesOf(org.apache.spark.sql.types.StructField partition, dev.verity.jobs.TimeRange range) {
        Column day = org.apache.spark.sql.functions.col(partition.name());
        boolean text = partition.dataType() instanceof org.apache.spark.sql.types.StringType;
        Column condition = org.apache.spark.sql.functions.lit(true);
        if (range.from() != null) {
            java.time.LocalDate first = java.time.LocalDate.ofInstant(range.from(), java.time.ZoneOffset.UTC);
            condition = condition.and(day.geq(org.apache.spark.sql.functions.lit(text ? first.toString() : first)));
        }
        if (range.until() != null) {
            java.time.LocalDate last =
                    java.time.LocalDate.ofInstant(range.until().minusNanos(1), java.time.ZoneOffset.UTC);
            condition = condition.and(day.leq(org.apache.spark.sql.functions.lit(text ? last.toString() : last)));
        }
        return condition;
    }

    /** The partition columns of a file-based input (Hive-style folders, a Delta table's partitioning). */
    private static List<org.apache.spark.sql.types.StructField> partitionFields(Dataset<Row> data) {
        List<org.apache.spark.sql.types.StructField> fields = new ArrayList<>();
        for (org.apache.spark.sql.catalyst.plans.logical.LogicalPlan leaf :
                scala.jdk.javaapi.CollectionConverters.asJava(
                        data.queryExecution().analyzed().collectLeaves())) {
            if (leaf instanceof org.apache.spark.sql.execution.datasources.LogicalRelation relation
                    && relation.relation()
                            instanceof org.apache.spark.sql.execution.datasources.HadoopFsRelation files) {
                fields.addAll(Arrays.asList(files.partitionSchema().fields()));
            }
        }
        return fields;
    }

    /** Fails with the file and the missing column when {@code data} lacks one of {@code columns}. */
    public static void requireColumns(Dataset<Row> data, String path, List<String> columns) {
        List<String> present = Arrays.asList(data.columns());
        for (String column : columns) {
            if (!present.contains(column)) {
                throw new BadInputException(path + ": column '" + column + "' is missing (found: "
                        + String.join(
                                ", ",
                                present.stream().filter(c -> !c.equals(CORRUPT)).toList()) + ")");
            }
        }
    }

    /**
     * The format a path's name or contents tell, on any Hadoop filesystem (local, HDFS, S3...):
     * a folder with {@code _delta_log} is Delta, another folder has the format of the files in it.
     */
    static InputFormat guessFormat(Configuration hadoop, String path) {
        org.apache.hadoop.fs.Path location = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = location.getFileSystem(hadoop);
            if (!fs.exists(location)) {
                throw new BadInputException(path + ": no such file or folder");
            }
            if (!fs.getFileStatus(location).isDirectory()) {
                return guessByName(path);
            }
            if (fs.exists(new org.apache.hadoop.fs.Path(location, "_delta_log"))) {
                return InputFormat.DELTA;
            }
            Set<InputFormat> formats = EnumSet.noneOf(InputFormat.class);
            for (LocatedFileStatus file : VisibleFiles.in(fs, location)) {
                InputFormat format = guessByNameOrNull(file.getPath().getName());
                if (format != null) {
                    formats.add(format);
                }
            }
            if (formats.isEmpty()) {
                throw new BadInputException(path + ": no .parquet, .csv or .json files inside; pass --input-format");
            }
            if (formats.size() > 1) {
                throw new BadInputException(path + ": the folder mixes "
                        + formats.stream().map(InputFormat::id).collect(Collectors.joining(" and "))
                        + " files; an input folder holds one format");
            }
            return formats.iterator().next();
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot be read: " + Errors.oneLine(e), e);
        }
    }

    private static InputFormat guessByName(String path) {
        InputFormat format = guessByNameOrNull(path);
        if (format == null) {
            throw new BadInputException(path + ": cannot tell the format from the name; pass --input-format "
                    + Arrays.stream(InputFormat.values()).map(InputFormat::id).collect(Collectors.joining("|")));
        }
        return format;
    }

    private static InputFormat guessByNameOrNull(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return InputFormat.PARQUET;
        }
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return InputFormat.CSV;
        }
        if (lower.endsWith(".jsonl")
                || lower.endsWith(".json")
                || lower.endsWith(".jsonl.gz")
                || lower.endsWith(".json.gz")) {
            return InputFormat.JSON;
        }
        return null;
    }
}
