package dev.verity.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.VeritySpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes N predictions and N labels as Parquet for bench/evaluate-scale.sh: one model and
 * version, continuous scores, one day of predictions, every label inside a 7-day window, labels
 * in another order than predictions. Usage: ScaleData ROWS OUT_DIR
 */
public final class ScaleData {
    public static void main(String[] args) {
        long rows = Long.parseLong(args[0]);
        String out = args[1];
        SparkSession spark = VeritySpark.session();
        long start = java.time.Instant.parse("2026-11-01T00:00:00Z").getEpochSecond();
        Dataset<Row> base = spark.range(0, rows, 1, (int) Math.max(2, rows / 2_000_000))
                .withColumn("prediction_id", concat(lit("p"), col("id").cast("string")))
                .withColumn("t", lit(start).plus(rand(1).multiply(86400).cast("long")))
                .withColumn("score", rand(2));
        base.select(
                        col("prediction_id"),
                        timestamp_seconds(col("t")).as("ts"),
                        lit("ctr").as("model"),
                        lit("v1").as("model_version"),
                        col("score"))
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(out + "/predictions.parquet");
        base.select(
                        col("prediction_id"),
                        when(rand(3).lt(col("score").multiply(0.6).plus(0.2)), 1.0)
                                .otherwise(0.0)
                                .as("label"),
                        timestamp_seconds(col("t").plus(lit(60))
                                        .plus(rand(4).multiply(5 * 86400).cast("long")))
                                .as("label_ts"))
                .orderBy(rand(5))
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(out + "/labels.parquet");
        spark.stop();
    }
}
