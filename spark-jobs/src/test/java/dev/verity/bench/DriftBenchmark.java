package dev.verity.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.drift.DriftJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Drift of 20 numeric + 10 categorical features, N reference x N current rows written as Parquet:
 * (a) what a user would write in Spark SQL: approxQuantile deciles of each numeric feature, then
 * one job per feature for the bin counts of both sides and one per categorical feature (PSI only,
 * approximate edges); (b) verity's drift job with exact statistics (auto: Wasserstein and
 * Jensen-Shannon). Usage: bench/spark-bench.sh DriftBenchmark [rows] [decimals] [repeats].
 */
public final class DriftBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int decimals = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        SparkSession spark = VeritySpark.session();
        Path dir = Files.createTempDirectory("verity-drift-bench");
        String reference = dir.resolve("reference").toString();
        String current = dir.resolve("current").toString();
        generate(spark, rows, decimals, 1, 0.0).write().parquet(reference);
        generate(spark, rows, decimals, 2, 0.05).write().parquet(current);
        System.err.printf("wrote %,d + %,d rows, numeric values rounded to %d decimals%n", rows, rows, decimals);

        double verity = Timing.medianSeconds(
                repeats,
                "verity drift (exact)",
                () -> new DriftJob(spark)
                        .run(DriftJob.Config.whole(
                                reference,
                                current,
                                dev.verity.jobs.io.InputFormat.PARQUET,
                                List.of(),
                                List.of(),
                                "auto",
                                Map.of())));
        double sql = Timing.medianSeconds(
                repeats,
                "Spark SQL approxQuantile + per-feature jobs",
                () -> approximatePsi(spark, reference, current));
        System.out.printf(
                Locale.ROOT, "%n| approach | statistics | median s (%d runs) | ratio |%n|---|---|---|---|%n", repeats);
        System.out.printf(
                Locale.ROOT,
                "| Spark SQL: approxQuantile deciles + one job per feature | PSI, approximate edges | %.1f | 1.00x |%n",
                sql);
        System.out.printf(
                Locale.ROOT,
                "| Verity `drift` (one counting pass, sorted-union statistics) | exact Wasserstein / Jensen-Shannon | %.1f | %.2fx |%n",
                verity,
                verity / sql);
        spark.stop();
    }

    private static Dataset<Row> generate(SparkSession spark, int rows, int decimals, long seed, double shift) {
        List<Column> columns = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            columns.add(round(randn(seed * 100 + f).plus(f == 0 ? shift * 10 : shift), decimals)
                    .as("n" + f));
        }
        for (int f = 0; f < 10; f++) {
            columns.add(concat(
                            lit("c"),
                            pmod(xxhash64(col("id"), lit(seed * 100 + f)), lit(5 + f))
                                    .cast("string"))
                    .as("c" + f));
        }
        return spark.range(rows).select(columns.toArray(Column[]::new));
    }

    /** PSI per feature the way a Spark SQL user would compute it: approximate deciles, then a job per feature. */
    private static Object approximatePsi(SparkSession spark, String referencePath, String currentPath) {
        Dataset<Row> reference = spark.read().parquet(referencePath);
        Dataset<Row> current = spark.read().parquet(currentPath);
        double total = 0;
        for (int f = 0; f < 20; f++) {
            String name = "n" + f;
            double[] edges =
                    reference.stat().approxQuantile(name, new double[] {.1, .2, .3, .4, .5, .6, .7, .8, .9}, 0.001);
            total += psi(bins(reference, name, edges), bins(current, name, edges));
        }
        for (int f = 0; f < 10; f++) {
            String name = "c" + f;
            Map<String, Long> ref = counts(reference, name);
            Map<String, Long> cur = counts(current, name);
            double refTotal = ref.values().stream().mapToLong(Long::longValue).sum();
            double curTotal = cur.values().stream().mapToLong(Long::longValue).sum();
            for (String category : ref.keySet()) {
                double a = Math.max(ref.get(category) / refTotal, 1e-4);
                double b = Math.max(cur.getOrDefault(category, 0L) / curTotal, 1e-4);
                total += (b - a) * Math.log(b / a);
            }
        }
        return total;
    }

    private static double[] bins(Dataset<Row> data, String column, double[] edges) {
        Column[] counts = new Column[edges.length + 1];
        for (int i = 0; i <= edges.length; i++) {
            Column in = i == 0
                    ? col(column).lt(edges[0])
                    : i == edges.length
                            ? col(column).geq(edges[i - 1])
                            : col(column).geq(edges[i - 1]).and(col(column).lt(edges[i]));
            counts[i] = sum(when(in, 1L).otherwise(0L));
        }
        Row row = data.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, counts.length))
                .first();
        double n = 0;
        for (int i = 0; i < counts.length; i++) {
            n += row.getLong(i);
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = Math.max(row.getLong(i) / n, 1e-4);
        }
        return shares;
    }

    private static double psi(double[] a, double[] b) {
        double psi = 0;
        for (int i = 0; i < a.length; i++) {
            psi += (b[i] - a[i]) * Math.log(b[i] / a[i]);
        }
        return psi;
    }

    private static Map<String, Long> counts(Dataset<Row> data, String column) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (Row row : data.groupBy(column).count().collectAsList()) {
            out.put(row.getString(0), row.getLong(1));
        }
        return out;
    }
}
