package dev.verity.jobs;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** The bytes under an input path on any Hadoop filesystem (0 when it cannot be measured). */
final class InputSize {
    private InputSize() {}

    static long bytes(SparkSession spark, String input) {
        try {
            Path path = new Path(input);
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration())
                    .getContentSummary(path)
                    .getLength();
        } catch (IOException | IllegalArgumentException e) {
            return 0; // the reader reports an unreadable input with its own message
        }
    }
}
