package dev.verity.bench;

import static dev.verity.bench.Timing.median;
import static dev.verity.bench.Timing.seconds;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.io.OutputWriter;
import dev.verity.jobs.replay.ModelTrainer;
import dev.verity.jobs.replay.ReplayJob;
import dev.verity.jobs.replay.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Replay of N logged rows (Parquet; two numeric features, a platform, a 0/1 label) by a logistic
 * regression with crosses, three ways, each from the same files:
 * (a) what a user would write: load the pipeline, transform, count rows beyond the tolerance;
 * (b) {@code verity replay} without labels (mismatches, difference distribution);
 * (c) {@code verity replay} with labels and per-platform live-versus-replay metrics.
 * Usage: bench/spark-bench.sh ReplayBenchmark [rows=5000000] [repeats=3].
 */
public final class ReplayBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SparkSession spark = VeritySpark.session();
        Path dir = Files.createTempDirectory("verity-replay-bench");
        Dataset<Row> log = spark.range(rows)
                .withColumn("prediction_id", col("id").cast("string"))
                .withColumn("minutes", rand(1).multiply(20).plus(5))
                .withColumn("messages", floor(rand(2).multiply(10)))
                .withColumn(
                        "platform",
                        element_at(
                                lit(new String[] {"ios", "android", "web"}).cast("array<string>"),
                                floor(rand(3).multiply(3)).cast("int").plus(1)))
                .withColumn(
                        "label", when(rand(4).lt(col("minutes").divide(30)), 1).otherwise(0))
                .drop("id");
        String training = dir.resolve("training.parquet").toString();
        OutputWriter.write(log.limit(100_000), training);
        String model = dir.resolve("model").toString();
        new ModelTrainer(spark)
                .train(new ModelTrainer.Config(
                        training, null, List.of("minutes", "messages", "platform"), "label", "lr", true, model));
        SavedModel saved = SavedModel.load(model);
        String traffic = dir.resolve("traffic.parquet").toString();
        String labels = dir.resolve("labels.parquet").toString();
        String logPath = writeLog(log, dir);
        OutputWriter.write(
                saved.score(spark.read().parquet(logPath), logPath, "score").drop("label"), traffic);
        OutputWriter.write(spark.read().parquet(logPath).select("prediction_id", "label"), labels);
        System.out.printf(Locale.ROOT, "%,d rows of traffic in %s%n", rows, dir);

        double plain = median(
                repeats,
                () -> seconds(() -> {
                    Dataset<Row> replayed = SavedModel.load(model)
                            .score(spark.read().parquet(traffic).withColumnRenamed("score", "live"), traffic, "replay");
                    replayed.filter(abs(col("replay").minus(col("live"))).gt(1e-9))
                            .count();
                }));
        System.out.printf(Locale.ROOT, "(a) pipeline transform + count beyond tolerance: median %.2f s%n", plain);
        double replay = median(
                repeats,
                () -> seconds(() -> new ReplayJob(spark, Progress.silent())
                        .run(new ReplayJob.Config(
                                model, null, traffic, null, null, null, null, 1e-9, List.of(), null, "bench"))));
        System.out.printf(
                Locale.ROOT, "(b) verity replay, no labels: median %.2f s (%.2fx of (a))%n", replay, replay / plain);
        double withLabels = median(
                repeats,
                () -> seconds(() -> new ReplayJob(spark, Progress.silent())
                        .run(new ReplayJob.Config(
                                model,
                                null,
                                traffic,
                                null,
                                labels,
                                null,
                                null,
                                1e-9,
                                List.of("platform"),
                                null,
                                "bench"))));
        System.out.printf(
                Locale.ROOT,
                "(c) verity replay with labels, 4 slices: median %.2f s (%.2fx of (a))%n",
                withLabels,
                withLabels / plain);
    }

    private static String writeLog(Dataset<Row> log, Path dir) {
        String path = dir.resolve("log.parquet").toString();
        OutputWriter.write(log, path);
        return path;
    }
}
