package dev.verity.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.Task;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sorted-counts engine forced on every group (an in-task limit of 40 rows, so each group is
 * range-partitioned over many partitions and its tied scores, spread over the input's
 * partitions, meet in one run) writes the same metric rows as the in-task states.
 */
class SortedCountsPathTest {
    private static final double EXACT = 1e-12;

    @TempDir
    static Path dir;

    @Test
    void distributedGroupsEqualInTaskGroups() {
        writeLog(3000, new Random(5));
        Map<String, Row> inTask = evaluate("in-task");
        TestSpark.spark().conf().set(MetricAggregation.MAX_ROWS_IN_TASK_CONF, "40");
        Map<String, Row> distributed;
        try {
            distributed = evaluate("distributed");
        } finally {
            TestSpark.spark().conf().unset(MetricAggregation.MAX_ROWS_IN_TASK_CONF);
        }
        // 3 days x (all + 5 countries + 3 platforms + 15 crosses) x every binary metric and the labelled
        // share, and reliability curves.
        assertThat(inTask.keySet().stream().filter(k -> !BinaryMetrics.isReliabilityPoint(metric(k))))
                .hasSize(3 * 24 * (BinaryMetrics.NAMES.size() + 1));
        assertThat(inTask.keySet())
                .anyMatch(k -> metric(k).equals(BinaryMetrics.reliability(BinaryMetrics.RELIABILITY_ROWS, 10)));
        assertThat(distributed.keySet()).isEqualTo(inTask.keySet());
        inTask.forEach((key, expected) -> {
            Row got = distributed.get(key);
            assertThat((Long) got.getAs("n")).as(key).isEqualTo((Long) expected.getAs("n"));
            Double value = expected.getAs("value");
            if (value == null) {
                assertThat((Double) got.getAs("value")).as(key).isNull();
                assertThat((String) got.getAs("reason")).as(key).isEqualTo(expected.getAs("reason"));
            } else {
                assertThat((Double) got.getAs("value")).as(key).isCloseTo(value, within(EXACT));
            }
        });
    }

    private static String metric(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static Map<String, Row> evaluate(String name) {
        String store = dir.resolve(name).toString();
        SliceSpec slices = new SliceSpec(List.of("country", "platform"), List.of(List.of("country", "platform")));
        RunAccounting accounting = new EvaluateJob(TestSpark.spark(), Progress.silent())
                .run(new EvaluateJob.Config(
                        new LabelledInputs(
                                dir.resolve("p.csv").toString(),
                                dir.resolve("l.csv").toString(),
                                null,
                                null,
                                7 * 86400L),
                        store,
                        Task.BINARY,
                        slices,
                        WindowSpec.parse("1d"),
                        MetricOptions.defaults(5),
                        "test",
                        InputScope.ALL));
        assertThat(accounting.balances()).isTrue();
        assertThat(accounting.duplicatePredictions()).isPositive();
        assertThat(accounting.lateLabels()).isPositive();
        assertThat(accounting.supersededLabels()).isPositive();
        Map<String, Row> rows = new TreeMap<>();
        for (Row r : new EvaluationStore(TestSpark.spark(), store).metrics().collectAsList()) {
            rows.put(r.getAs("window_start") + "/" + r.getAs("slice") + "/" + r.getAs("metric"), r);
        }
        return rows;
    }

    /**
     * Scores with 1 decimal (11 values: long tied runs), every 20th prediction logged twice, every
     * 15th label late, every 10th corrected by a later label; one small country is all positives.
     */
    private static void writeLog(int size, Random random) {
        List<String> predictions =
                new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,country,platform"));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < size; i++) {
            Instant ts = start.plusSeconds(random.nextInt(3 * 86400));
            double score = Math.round(random.nextDouble() * 10) / 10.0;
            String country = "c" + random.nextInt(5);
            String row = "p" + i + "," + ts + ",m,v1," + score + "," + country + ",os" + random.nextInt(3);
            predictions.add(row);
            if (i % 20 == 0) {
                predictions.add("p" + i + "," + ts.plusSeconds(60) + ",m,v1," + (1 - score) + "," + country + ",os0");
            }
            int label = country.equals("c4") || random.nextDouble() < 0.3 + 0.4 * score ? 1 : 0;
            long delay = i % 15 == 0 ? 8 * 86400 : random.nextInt(86400);
            labels.add("p" + i + "," + label + "," + ts.plusSeconds(delay));
            if (i % 10 == 0) {
                labels.add("p" + i + "," + (1 - label) + "," + ts.plusSeconds(delay + 3600));
            }
        }
        TestSpark.write(dir, "p.csv", predictions.toArray(String[]::new));
        TestSpark.write(dir, "l.csv", labels.toArray(String[]::new));
    }
}
