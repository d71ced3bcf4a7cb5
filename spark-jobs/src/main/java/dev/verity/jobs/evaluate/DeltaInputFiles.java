package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;

import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import dev.verity.store.InputFileRecord;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The data files of a Delta input as its log lists them, each with the span of its rows' times
 * from the file statistics Delta keeps: an incremental run learns what changed in the table
 * without opening a data file. A Delta data file never changes in place: an update or delete
 * removes it and adds another, or adds a deletion vector to it, which makes it another file
 * here too. Statistics cut to milliseconds never move a time across a window boundary.
 *
 * <p>Read through Delta's own log reader ({@link DeltaLog}), the one Spark's Delta scans use,
 * because Delta's public APIs give a table's files but not their statistics.
 */
final class DeltaInputFiles {
    /** The rows of a file Delta wrote without statistics: unknown. */
    static final long UNKNOWN_ROWS = -1;

    private DeltaInputFiles() {}

    /** The table's files now, and the table version they make up. */
    record Listing(long version, List<InputFileRecord> files) {}

    static Listing of(SparkSession spark, String input, LogSource source) {
        Snapshot snapshot;
        try {
            snapshot = DeltaLog.forTableWithSnapshot(spark, input)._2();
        } catch (RuntimeException e) {
            throw new BadInputException(input + ": cannot read the Delta table's log: " + Errors.oneLine(e), e);
        }
        Dataset<Row> withStats = snapshot.withStats();
        boolean timed = timeStatistics(withStats.schema(), source.timeColumn());
        String time = source.timeColumn();
        List<InputFileRecord> files = new ArrayList<>();
        for (Row f : withStats
                .select(
                        col("path"),
                        col("size"),
                        col("modificationTime"),
                        col("stats.numRecords"),
                        timed ? col("stats.minValues." + time) : org.apache.spark.sql.functions.lit(null),
                        timed ? col("stats.maxValues." + time) : org.apache.spark.sql.functions.lit(null),
                        col("deletionVector"))
                .collectAsList()) {
            files.add(new InputFileRecord(
                    input,
                    source.id(),
                    identity(input, f.getString(0), f.isNullAt(6) ? null : f.getStruct(6)),
                    f.getLong(1),
                    Instant.ofEpochMilli(f.getLong(2)),
                    f.isNullAt(3) ? UNKNOWN_ROWS : f.getLong(3),
                    f.isNullAt(4) ? null : ((Timestamp) f.get(4)).toInstant(),
                    f.isNullAt(5) ? null : ((Timestamp) f.get(5)).toInstant()));
        }
        return new Listing(snapshot.version(), files);
    }

    /** True when Delta's statistics bound the time column: a timestamp column it collects them for. */
    private static boolean timeStatistics(StructType files, String column) {
        StructType stats = (StructType) files.apply("stats").dataType();
        StructType minValues = java.util.Arrays.asList(stats.fieldNames()).contains("minValues")
                ? (StructType) stats.apply("minValues").dataType()
                : new StructType();
        return java.util.Arrays.asList(minValues.fieldNames()).contains(column)
                && minValues.apply(column).dataType() instanceof TimestampType;
    }

    /**
     * The file's absolute path (Delta logs it relative to the table and URI-encoded) and, when
     * rows of it are deleted, which deletion vector says so.
     */
    private static String identity(String input, String path, Row deletionVector) {
        String file = new Path(new Path(input), new Path(URI.create(path))).toString();
        if (deletionVector == null) {
            return file;
        }
        return file + "#deletion-vector=" + deletionVector.getAs("storageType") + deletionVector.getAs("pathOrInlineDv")
                + "@" + deletionVector.getAs("offset");
    }
}
