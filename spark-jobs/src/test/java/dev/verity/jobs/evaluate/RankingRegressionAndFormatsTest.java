package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.io.InputFormat;
import dev.verity.metrics.Task;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingRegressionAndFormatsTest {
    private static final long SEVEN_DAYS = 7 * 86400L;

    @TempDir
    Path dir;

    private Map<String, Double> run(Task task, String predictions, String labels, InputFormat format, int... ks) {
        String store = dir.resolve("store-" + task.id() + "-" + (format == null ? "guess" : format.id()))
                .toString();
        RunAccounting accounting = new EvaluateJob(TestSpark.spark(), Progress.silent())
                .run(new EvaluateJob.Config(
                        new LabelledInputs(predictions, labels, format, null, SEVEN_DAYS),
                        store,
                        task,
                        SliceSpec.none(),
                        WindowSpec.parse("all"),
                        MetricOptions.defaults(ks),
                        "test",
                        InputScope.ALL));
        assertThat(accounting.balances()).isTrue();
        Map<String, Double> values = new TreeMap<>();
        for (Row r : new EvaluationStore(TestSpark.spark(), store).metrics().collectAsList()) {
            values.put(r.getAs("metric") + "#n=" + r.getAs("n"), r.getAs("value"));
        }
        return values;
    }

    @Test
    void ndcgOverQueriesFromJsonLinesWithEpochMillisLabels() {
        // Queries q1 and q2 are scikit-learn's cases from metrics-lib's tests; q3 has nothing relevant.
        double[][] q1 = {{0.9, 3}, {0.8, 2}, {0.8, 3}, {0.7, 0}, {0.7, 1}, {0.1, 2}};
        double[][] q2 = {{0.5, 0}, {0.5, 1}, {0.5, 0}, {0.2, 2}};
        double[][] q3 = {{0.4, 0}, {0.3, 0}};
        StringBuilder predictions = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        int id = 0;
        long labelTs = 1793613600000L; // 2026-11-02T10:00:00Z
        double[][][] queries = {q1, q2, q3};
        for (int q = 0; q < queries.length; q++) {
            for (double[] item : queries[q]) {
                predictions.append(String.format(
                        java.util.Locale.ROOT,
                        "{\"prediction_id\":\"i%d\",\"ts\":\"2026-11-02T09:00:00Z\",\"model\":\"r\",\"model_version\":\"v1\",\"query_id\":\"q%d\",\"score\":%s}%n",
                        id,
                        q,
                        item[0]));
                labels.append(String.format(
                        java.util.Locale.ROOT,
                        "{\"prediction_id\":\"i%d\",\"label\":%s,\"label_ts\":%d}%n",
                        id,
                        item[1],
                        labelTs));
                id++;
            }
        }
        Path p = TestSpark.write(dir, "rank.jsonl", predictions.toString().strip());
        Path l = TestSpark.write(dir, "rank_labels.json", labels.toString().strip());
        Map<String, Double> m = run(Task.RANKING, p.toString(), l.toString(), null, 5, 10);
        assertThat(m.get("ndcg@5#n=2")).isCloseTo((0.87328011093909153 + 0.5973793226027504) / 2, within(1e-12));
        assertThat(m.get("ndcg@10#n=2")).isCloseTo((0.97304412923765049 + 0.5973793226027504) / 2, within(1e-12));
        assertThat(m.get("queries_without_relevant#n=2")).isEqualTo(1.0);
        // q1 ranks a relevant item first; q2's first three tie with one relevant among them, so the
        // first relevant rank is 1, 2 or 3 with equal chance: 1/rank averages (1 + 1/2 + 1/3) / 3.
        assertThat(m.get("mrr@5#n=2")).isCloseTo((1 + 11 / 18.0) / 2, within(1e-12));
        assertThat(m.get("hit_rate@5#n=2")).isEqualTo(1.0);
        assertThat(m.get("recall@10#n=2")).isCloseTo(1.0, within(1e-12));
        assertThat(m.get("queries_without_relevant_at#n=2")).isEqualTo(1.0);
    }

    @Test
    void rmseAndMaeForRegression() {
        Path p = TestSpark.write(
                dir,
                "reg.csv",
                "prediction_id,ts,model,model_version,score",
                "a,2026-11-01T00:00:00Z,g,1,2.5",
                "b,2026-11-01T00:00:00Z,g,1,0.0",
                "c,2026-11-01T00:00:00Z,g,1,2",
                "d,2026-11-01T00:00:00Z,g,1,8");
        Path l = TestSpark.write(
                dir,
                "reg_labels.csv",
                "prediction_id,label,label_ts",
                "a,3,2026-11-01T01:00:00Z",
                "b,-0.5,2026-11-01T01:00:00Z",
                "c,2,2026-11-01T01:00:00Z",
                "d,7,2026-11-01T01:00:00Z");
        Map<String, Double> m = run(Task.REGRESSION, p.toString(), l.toString(), null);
        assertThat(m.get("rmse#n=4")).isCloseTo(Math.sqrt(0.375), within(1e-12));
        assertThat(m.get("mae#n=4")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void parquetDeltaAndJsonInputsGiveTheSameMetricsAsCsv() {
        String labels = Fixtures.binaryLabels(dir).toString();
        Dataset<Row> csv = TestSpark.spark()
                .read()
                .option("header", "true")
                .csv(Fixtures.binaryPredictions(dir).toString());
        // Typed columns, as a real Parquet or Delta log has them; rows that cannot be typed become null.
        Dataset<Row> typed = csv.withColumn("score", col("score").try_cast(DataTypes.DoubleType))
                .withColumn(
                        "ts",
                        org.apache
                                .spark
                                .sql
                                .functions
                                .when(
                                        col("ts").rlike("^[0-9]+$"),
                                        org.apache.spark.sql.functions.timestamp_millis(
                                                col("ts").cast("long")))
                                .otherwise(col("ts").try_cast(DataTypes.TimestampType)));
        String parquet = dir.resolve("predictions_parquet").toString();
        String delta = dir.resolve("predictions_delta").toString();
        String json = dir.resolve("predictions.jsonl").toString();
        typed.write().parquet(parquet);
        typed.write().format("delta").save(delta);
        csv.coalesce(1).write().json(json);

        Map<String, Double> fromCsv =
                run(Task.BINARY, Fixtures.binaryPredictions(dir).toString(), labels, null);
        assertThat(run(Task.BINARY, parquet, labels, null)).isEqualTo(fromCsv);
        assertThat(run(Task.BINARY, delta, labels, null)).isEqualTo(fromCsv);
        assertThat(run(Task.BINARY, json, labels, InputFormat.JSON)).isEqualTo(fromCsv);
        assertThat(fromCsv.get("auc#n=6")).isCloseTo(7.0 / 9.0, within(1e-12));
    }
}
