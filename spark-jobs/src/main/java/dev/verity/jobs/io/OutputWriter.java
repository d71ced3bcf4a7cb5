package dev.verity.jobs.io;

import dev.verity.jobs.BadInputException;
import dev.verity.store.Errors;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a job's rows to a path in the format its name tells: {@code .csv} (with a header),
 * {@code .json}/{@code .jsonl} (JSON lines), {@code .parquet}, anything else a Delta table.
 * Spark writes a folder of part files; CSV and JSON are written as one part so a person can open it.
 */
public final class OutputWriter {
    private OutputWriter() {}

    public static void write(Dataset<Row> rows, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith(".csv")) {
                rows.coalesce(1)
                        .write()
                        .mode(SaveMode.Overwrite)
                        .option("header", "true")
                        .csv(path);
            } else if (lower.endsWith(".json") || lower.endsWith(".jsonl")) {
                rows.coalesce(1).write().mode(SaveMode.Overwrite).json(path);
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
}
