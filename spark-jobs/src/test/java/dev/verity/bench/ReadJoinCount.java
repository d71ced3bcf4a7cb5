package dev.verity.bench;

import dev.verity.jobs.VeritySpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's floor for evaluate as a whole process: read the prediction and label logs (CSV, or
 * Parquet by the name), join them on prediction_id and count the rows of each country.
 * Usage: ReadJoinCount PREDICTIONS LABELS
 */
public final class ReadJoinCount {
    public static void main(String[] args) {
        SparkSession spark = VeritySpark.session();
        Dataset<Row> predictions = read(spark, args[0]);
        Dataset<Row> labels = read(spark, args[1]);
        long groups = predictions
                .join(labels, "prediction_id")
                .groupBy("country")
                .count()
                .collectAsList()
                .size();
        System.out.println(groups + " countries");
        spark.stop();
    }

    private static Dataset<Row> read(SparkSession spark, String path) {
        return path.endsWith(".parquet")
                ? spark.read().parquet(path)
                : spark.read().option("header", "true").csv(path);
    }
}
