package dev.verity.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a Verity process. Settings already given (by spark-submit or
 * {@code --conf}) win; local defaults apply only when no master is configured.
 */
public final class VeritySpark {
    private VeritySpark() {
    }

    public static synchronized SparkSession session() {
        SparkConf conf = new SparkConf();
        boolean local = !conf.contains("spark.master");
        SparkSession.Builder builder = SparkSession.builder().appName("verity")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                // Aggregation buffers are metric states; keep hash aggregation for many slices
                // instead of falling back to sorting the input after 128 groups.
                .config("spark.sql.objectHashAggregate.sortBased.fallbackThreshold", "1000000");
        if (local) {
            builder.master("local[*]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
