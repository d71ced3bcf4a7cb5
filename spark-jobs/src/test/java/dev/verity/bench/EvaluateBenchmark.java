package dev.verity.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.evaluate.MetricAggregation;
import dev.verity.jobs.evaluate.MetricOptions;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.metrics.MetricValue;
import dev.verity.metrics.Task;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Exact AUC per slice on N rows x S country slices + overall, from cached input, three ways:
 * (a) MLlib's BinaryClassificationEvaluator looped over the slices (AUC only, default 1000 bins);
 * (b) a plain single-threaded Java loop over primitive arrays (exact AUC only);
 * (c) Verity's one-pass aggregation (all 12 binary metrics, DeLong interval included).
 * Usage: bench/spark-bench.sh EvaluateBenchmark [rows] [slices] [repeats] [breakdown].
 * With {@code breakdown} it times the steps of Verity's pass instead of the comparison.
 */
public final class EvaluateBenchmark {

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean breakdown = args.length > 3 && args[3].equals("breakdown");
        SparkSession spark = VeritySpark.session();

        Dataset<Row> data = spark.range(rows)
                .withColumn("score", rand(1))
                .withColumn(
                        "label",
                        when(rand(2).lt(col("score").multiply(0.6).plus(0.2)), 1.0)
                                .otherwise(0.0))
                .withColumn(
                        "country",
                        concat(lit("c"), pmod(xxhash64(col("id")), lit(slices)).cast("string")))
                .withColumn("model", lit("m"))
                .withColumn("model_version", lit("v1"))
                .withColumn("window_start", lit(Timestamp.valueOf("2026-11-01 00:00:00")))
                .withColumn("window_end", lit(Timestamp.valueOf("2026-11-02 00:00:00")))
                .drop("id")
                .persist(StorageLevel.MEMORY_ONLY());
        System.err.printf("cached %,d rows%n", data.count());

        // (b) works on primitive arrays already in memory: fill them once, untimed.
        double[] score = new double[rows];
        double[] label = new double[rows];
        int[] country = new int[rows];
        Iterator<Row> it = data.select("score", "label", "country").toLocalIterator();
        for (int i = 0; it.hasNext(); i++) {
            Row r = it.next();
            score[i] = r.getDouble(0);
            label[i] = r.getDouble(1);
            country[i] = Integer.parseInt(r.getString(2).substring(1));
        }

        if (breakdown) {
            breakdown(data, rows, repeats);
            return;
        }
        Map<String, Double> plain = new HashMap<>();
        Map<String, Double> verity = new HashMap<>();
        Map<String, Double> mllib = new HashMap<>();
        double plainSeconds =
                Timing.medianSeconds(repeats, "plain Java loop", () -> plainLoop(score, label, country, slices, plain));
        double veritySeconds = Timing.medianSeconds(repeats, "verity one pass", () -> {
            for (MetricAggregation.GroupMetrics g : MetricAggregation.compute(
                    data, rows, Task.BINARY, new SliceSpec(List.of("country"), List.of()), MetricOptions.defaults(5))) {
                MetricValue auc = g.metrics().values().get(0);
                verity.put(g.slice(), auc.value());
            }
            return null;
        });
        double mllibSeconds =
                Timing.medianSeconds(repeats, "MLlib evaluator loop", () -> mllibLoop(data, slices, mllib));

        System.out.printf(
                Locale.ROOT,
                "%n| approach | metrics | median s (%d runs) | vs plain loop | vs MLlib loop |%n|---|---|---|---|---|%n",
                repeats);
        row(
                "MLlib `BinaryClassificationEvaluator` looped over %d slices + overall (default numBins)"
                        .formatted(slices),
                "AUC",
                mllibSeconds,
                plainSeconds,
                mllibSeconds);
        row("plain Java loop, one thread, primitive arrays", "exact AUC", plainSeconds, plainSeconds, mllibSeconds);
        row(
                "Verity one-pass aggregation (`MetricAggregation`)",
                "all 12 binary metrics, exact, DeLong CI",
                veritySeconds,
                plainSeconds,
                mllibSeconds);
        System.out.printf(
                Locale.ROOT,
                "%nmax |AUC verity - plain| = %.3g; max |AUC verity - MLlib| = %.3g over %d slices%n",
                maxDiff(verity, plain),
                maxDiff(verity, mllib),
                verity.size());
        spark.stop();
    }

    /** Where Verity's time goes: Spark's own cost of expanding and grouping the rows, without metric states. */
    private static void breakdown(Dataset<Row> data, long rows, int repeats) {
        org.apache.spark.sql.Column slices = new SliceSpec(List.of("country"), List.of()).sliceNames();
        Dataset<Row> expanded = data.select(
                col("model"),
                col("model_version"),
                col("window_start"),
                col("window_end"),
                org.apache.spark.sql.functions.explode(slices).as("slice"),
                col("score"),
                col("label"));
        double scan = Timing.medianSeconds(repeats, "scan cached rows", () -> {
            data.agg(org.apache.spark.sql.functions.sum("score")).first();
            return null;
        });
        double expandAndGroup = Timing.medianSeconds(repeats, "expand into slices + group + count", () -> {
            expanded.groupBy("model", "model_version", "window_start", "window_end", "slice")
                    .count()
                    .collectAsList();
            return null;
        });
        double collectScores = Timing.medianSeconds(repeats, "expand + group + collect_list(score)", () -> {
            expanded.groupBy("model", "model_version", "window_start", "window_end", "slice")
                    .agg(org.apache.spark.sql.functions.collect_list("score"))
                    .count();
            return null;
        });
        double full = Timing.medianSeconds(repeats, "verity one pass", () -> {
            MetricAggregation.compute(
                    data, rows, Task.BINARY, new SliceSpec(List.of("country"), List.of()), MetricOptions.defaults(5));
            return null;
        });
        System.out.printf(
                Locale.ROOT,
                "%n| step | median s |%n|---|---|%n| scan the cached rows | %.2f |%n"
                        + "| expand into slices, group, count | %.2f |%n| expand, group, gather every score (collect_list) | %.2f |%n"
                        + "| Verity: expand, group, metric states, all metrics | %.2f |%n",
                scan,
                expandAndGroup,
                collectScores,
                full);
    }

    private static void row(String approach, String metrics, double seconds, double plain, double mllib) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %.2f | %.1fx | %.2fx |%n",
                approach,
                metrics,
                seconds,
                seconds / plain,
                seconds / mllib);
    }

    /** Buckets the rows by slice and class in one pass, then sorts and counts per slice. */
    private static Void plainLoop(double[] score, double[] label, int[] country, int slices, Map<String, Double> out) {
        int[] positives = new int[slices + 1];
        int[] negatives = new int[slices + 1];
        for (int i = 0; i < score.length; i++) {
            (label[i] == 1 ? positives : negatives)[country[i]]++;
        }
        positives[slices] = Arrays.stream(positives).sum();
        negatives[slices] = Arrays.stream(negatives).sum();
        double[][] pos = new double[slices + 1][];
        double[][] neg = new double[slices + 1][];
        for (int c = 0; c <= slices; c++) {
            pos[c] = new double[positives[c]];
            neg[c] = new double[negatives[c]];
        }
        int[] p = new int[slices + 1];
        int[] n = new int[slices + 1];
        for (int i = 0; i < score.length; i++) {
            int c = country[i];
            if (label[i] == 1) {
                pos[c][p[c]++] = score[i];
                pos[slices][p[slices]++] = score[i];
            } else {
                neg[c][n[c]++] = score[i];
                neg[slices][n[slices]++] = score[i];
            }
        }
        for (int c = 0; c <= slices; c++) {
            out.put(c == slices ? "all" : "country=c" + c, exactAuc(pos[c], neg[c]));
        }
        return null;
    }

    /** Exact AUC with half credit for ties: sort each class, count ordered pairs with two pointers. */
    static double exactAuc(double[] pos, double[] neg) {
        Arrays.sort(pos);
        Arrays.sort(neg);
        double pairs = 0;
        int below = 0;
        int upTo = 0;
        for (double x : pos) {
            while (below < neg.length && neg[below] < x) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < neg.length && neg[upTo] == x) {
                upTo++;
            }
            pairs += below + 0.5 * (upTo - below);
        }
        return pairs / ((double) pos.length * neg.length);
    }

    private static Void mllibLoop(Dataset<Row> data, int slices, Map<String, Double> out) {
        BinaryClassificationEvaluator evaluator = new BinaryClassificationEvaluator()
                .setRawPredictionCol("score")
                .setLabelCol("label")
                .setMetricName("areaUnderROC");
        out.put("all", evaluator.evaluate(data));
        for (int c = 0; c < slices; c++) {
            out.put(
                    "country=c" + c,
                    evaluator.evaluate(data.filter(col("country").equalTo("c" + c))));
        }
        return null;
    }

    private static double maxDiff(Map<String, Double> a, Map<String, Double> b) {
        return a.keySet().stream()
                .mapToDouble(k -> Math.abs(a.get(k) - b.get(k)))
                .max()
                .orElse(Double.NaN);
    }
}
