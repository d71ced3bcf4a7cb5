package dev.verity.jobs.io;

import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a job's rows to a path in the format its name tells: {@code .csv} (with a header) and
 * {@code .json}/{@code .jsonl} (JSON lines) as that one file, as a person asking for a file
 * expects; {@code .parquet} as Spark's folder of part files; anything else a Delta table.
 */
public final class OutputWriter {
    private OutputWriter() {}

    public static void write(Dataset<Row> rows, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith(".csv")) {
                oneFile(rows, path, "csv");
            } else if (lower.endsWith(".json") || lower.endsWith(".jsonl")) {
                oneFile(rows, path, "json");
            } else if (lower.endsWith(".parquet")) {
                rows.write().mode(SaveMode.Overwrite).parquet(path);
            } else {
                rows.write()
                        .format("delta")
                        .mode(SaveMode.Overwrite)
                        .option("overwriteSchema", "true")
                        .save(path);
            }
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) { // Spark's exceptions are checked in Java's eyes
            throw new BadInputException(path + ": cannot write: " + Errors.oneLine(e), e);
        }
    }

    /**
     * Spark writes one part into a folder beside {@code path}, which then takes the part's place:
     * a crash leaves at most that folder, never half a file under the name asked for.
     */
    private static void oneFile(Dataset<Row> rows, String path, String format) throws IOException {
        FileSystem fs =
                new Path(path).getFileSystem(rows.sparkSession().sparkContext().hadoopConfiguration());
        Path target = fs.makeQualified(new Path(path));
        Path parts = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            rows.coalesce(1).write().format(format).option("header", "true").save(parts.toString());
            FileStatus[] written = fs.globStatus(new Path(parts, "part-*"));
            if (written == null || written.length != 1) {
                throw new IOException(
                        "expected one part file in " + parts + ", found " + (written == null ? 0 : written.length));
            }
            if (fs.exists(target)) {
                fs.delete(target, true);
            }
            // the local file system would move a hidden .crc beside the file: the file alone is asked for
            FileSystem mover = fs instanceof ChecksumFileSystem local ? local.getRawFileSystem() : fs;
            if (!mover.rename(written[0].getPath(), target)) {
                throw new IOException("cannot move " + written[0].getPath() + " to " + target);
            }
        } finally {
            fs.delete(parts, true);
        }
    }
}
