package dev.verity.jobs;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a Verity process. Settings already given (by spark-submit or
 * {@code --conf}) win; local defaults apply only when no master is configured.
 */
public final class VeritySpark {
    private VeritySpark() {}

    /** Set when Verity chose the local shuffle partitions, so a job may fit them to its input. */
    private static final String AUTO_PARTITIONS = "spark.verity.autoShufflePartitions";

    private static final int MIN_LOCAL_PARTITIONS = 4;
    private static final long INPUT_BYTES_PER_PARTITION = 64L << 20;

    /**
     * Locally, and unless the user set {@code spark.sql.shuffle.partitions}, gives the coming
     * shuffles one partition per 64 MiB of input (at least 4), so neither 5M nor 100M rows need
     * hand tuning; adaptive execution still coalesces small ones.
     */
    public static void fitShufflePartitions(SparkSession spark, List<String> inputs) {
        if (!Boolean.parseBoolean(spark.conf().get(AUTO_PARTITIONS, "false"))) {
            return;
        }
        long bytes = 0;
        for (String input : inputs) {
            bytes += InputSize.bytes(spark, input);
        }
        long partitions =
                Math.max(MIN_LOCAL_PARTITIONS, (bytes + INPUT_BYTES_PER_PARTITION - 1) / INPUT_BYTES_PER_PARTITION);
        spark.conf().set("spark.sql.shuffle.partitions", Long.toString(partitions));
    }

    private static final String EXTENSIONS = "spark.sql.extensions";
    private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    private static final String CATALOG = "spark.sql.catalog.spark_catalog";

    public static synchronized SparkSession session() {
        SparkConf conf = new SparkConf();
        boolean local = !conf.contains("spark.master");
        SparkSession.Builder builder = SparkSession.builder()
                .appName("verity")
                .config(EXTENSIONS, withDelta(conf.get(EXTENSIONS, "")))
                .config("spark.sql.session.timeZone", "UTC")
                // Aggregation buffers are metric states; keep hash aggregation for many slices
                // instead of falling back to sorting the input after 128 groups.
                .config("spark.sql.objectHashAggregate.sortBased.fallbackThreshold", "1000000")
                // Delta refuses time travel past a table's file retention (7 days) even where no
                // vacuum deleted anything; --as-of checks the history the store's vacuums kept instead.
                .config("spark.databricks.delta.vacuum.enforceTimeTravelWithinDeletedFileRetentionDuration", "false");
        if (!conf.contains(CATALOG)) { // a site's own catalog stays
            builder.config(CATALOG, "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        }
        if (local) {
            builder.master("local[*]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", Integer.toString(MIN_LOCAL_PARTITIONS))
                    .config(AUTO_PARTITIONS, Boolean.toString(!conf.contains("spark.sql.shuffle.partitions")))
                    .config("spark.default.parallelism", "2")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        if (local) {
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** A site's session extensions with Delta's added, unless they already hold it. */
    static String withDelta(String extensions) {
        List<String> names = java.util.Arrays.stream(extensions.split(","))
                .map(String::strip)
                .filter(n -> !n.isEmpty())
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        if (!names.contains(DELTA_EXTENSION)) {
            names.add(DELTA_EXTENSION);
        }
        return String.join(",", names);
    }

    /**
     * The Hadoop configuration a session would have (its {@code spark.hadoop.*} settings, the
     * cloud credentials in the environment, the site's *-site.xml files), for reading the store
     * without starting one.
     */
    public static org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        return org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(new SparkConf());
    }

    /** Stops the session if one was started: executors are released before the process ends. */
    public static synchronized void stop() {
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
    }

    /** True when spark-submit runs this driver inside the cluster, where the driver must not exit the JVM itself. */
    public static boolean clusterDeployMode() {
        return "cluster".equals(new SparkConf().get("spark.submit.deployMode", "client"));
    }
}
