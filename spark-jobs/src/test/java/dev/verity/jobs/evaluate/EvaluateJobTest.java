package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.metrics.Task;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.TableSchemas;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateJobTest {
    private static final long SEVEN_DAYS = 7 * 86400L;

    @TempDir
    static Path dir;

    static String store;
    static RunAccounting daily;

    @BeforeAll
    static void evaluateTheFixtureTwice() {
        store = dir.resolve("store").toString();
        SliceSpec slices = new SliceSpec(List.of("country", "platform"), List.of(List.of("country", "platform")));
        new EvaluateJob(TestSpark.spark(), Progress.silent()).run(config("1d", slices));
        daily = new EvaluateJob(TestSpark.spark(), Progress.silent()).run(config("all", slices));
    }

    static EvaluateJob.Config config(String window, SliceSpec slices) {
        return new EvaluateJob.Config(
                new LabelledInputs(
                        Fixtures.binaryPredictions(dir).toString(),
                        Fixtures.binaryLabels(dir).toString(),
                        null,
                        null,
                        SEVEN_DAYS),
                store,
                Task.BINARY,
                slices,
                WindowSpec.parse(window),
                MetricOptions.defaults(5),
                "test",
                InputScope.ALL);
    }

    /** metric values of the whole-input window keyed "slice/metric". */
    static Map<String, Row> wholeInput() {
        Map<String, Row> out = new HashMap<>();
        for (Row r : new EvaluationStore(TestSpark.spark(), store)
                .metrics()
                .filter(col("window_start").equalTo(java.sql.Timestamp.valueOf("2026-11-01 10:00:00")))
                .collectAsList()) {
            out.put(r.getAs("slice") + "/" + r.getAs("metric"), r);
        }
        return out;
    }

    static Double value(Map<String, Row> rows, String key) {
        return rows.get(key).getAs("value");
    }

    @Test
    void theAccountingColumnsAreTheRunTablesColumnsInItsOrder() {
        List<String> run = List.of(TableSchemas.RUN.fieldNames());
        int first = run.indexOf(RunAccounting.COLUMNS.get(0));
        assertThat(run.subList(first, first + RunAccounting.COLUMNS.size())).isEqualTo(RunAccounting.COLUMNS);
        assertThat(daily.values()).hasSameSizeAs(RunAccounting.COLUMNS);
    }

    @Test
    void everyRowIsAccountedFor() {
        assertThat(daily.predictionsRead()).isEqualTo(13);
        assertThat(daily.predictionsQuarantined()).isEqualTo(5);
        assertThat(daily.duplicatePredictions()).isEqualTo(1);
        assertThat(daily.unlabeled()).isEqualTo(1);
        assertThat(daily.evaluated()).isEqualTo(6);
        assertThat(daily.labelsRead()).isEqualTo(13);
        assertThat(daily.labelsQuarantined()).isEqualTo(3);
        assertThat(daily.lateLabels()).isEqualTo(1);
        assertThat(daily.invalidLabels()).isEqualTo(1);
        assertThat(daily.orphanLabels()).isEqualTo(1);
        assertThat(daily.supersededLabels()).isEqualTo(1);
        assertThat(daily.labelsUsed()).isEqualTo(6);
        assertThat(daily.balances()).isTrue();
        assertThat(daily.quarantinedByReason())
                .containsOnly(
                        Map.entry("predictions:bad_timestamp", 1L), Map.entry("predictions:non_numeric_score", 1L),
                        Map.entry("predictions:non_finite_score", 1L), Map.entry("predictions:score_out_of_range", 1L),
                        Map.entry("predictions:null_id", 1L), Map.entry("labels:non_numeric_label", 1L),
                        Map.entry("labels:label_not_binary", 1L), Map.entry("labels:bad_timestamp", 1L));
    }

    @Test
    void quarantinedRowsKeepTheirFileColumnAndRawValues() {
        List<Row> rows = new EvaluationStore(TestSpark.spark(), store)
                .quarantine()
                .filter(col("reason").equalTo("non_numeric_score"))
                .collectAsList();
        assertThat(rows).hasSize(1);
        Row row = rows.get(0);
        assertThat(row.<String>getAs("column")).isEqualTo("score");
        assertThat(row.<String>getAs("prediction_id")).isEqualTo("p9");
        assertThat(row.<String>getAs("file")).endsWith("predictions.csv");
        assertThat(row.<String>getAs("raw")).contains("\"score\":\"abc\"");
    }

    @Test
    void metricsOfTheJoinedRowsMatchHandComputedValues() {
        Map<String, Row> m = wholeInput();
        // positives {0.9, 0.2, 0.8}, negatives {0.4, 0.3, 0.1}: 7 of 9 pairs ordered correctly.
        assertThat(value(m, "all/auc")).isCloseTo(7.0 / 9.0, within(1e-12));
        assertThat(m.get("all/auc").<Long>getAs("n")).isEqualTo(6L);
        assertThat(value(m, "all/mean_score")).isCloseTo(2.7 / 6, within(1e-12));
        double logLoss =
                -(Math.log(0.9) + Math.log(0.2) + Math.log(0.6) + Math.log(0.7) + Math.log(0.8) + Math.log(0.9)) / 6;
        assertThat(value(m, "all/log_loss")).isCloseTo(logLoss, within(1e-12));
        double brier = (0.01 + 0.64 + 0.16 + 0.09 + 0.04 + 0.01) / 6;
        assertThat(value(m, "all/brier")).isCloseTo(brier, within(1e-12));
        // score >= 0.5: p1, p6 predicted positive, both right; p2 missed.
        assertThat(value(m, "all/precision")).isEqualTo(1.0);
        assertThat(value(m, "all/recall")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(value(m, "all/accuracy")).isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void theLabelledShareCountsEachValidPredictionOnce() {
        Map<String, Row> m = wholeInput();
        // 7 valid predictions once each (5 quarantined and a duplicate apart), 6 of them labelled
        assertThat(value(m, "all/labelled_share")).isCloseTo(6.0 / 7, within(1e-12));
        assertThat(m.get("all/labelled_share").<Long>getAs("n")).isEqualTo(7L);
    }

    @Test
    void slicesAndCrossesAreNamedAsTheContractSays() {
        Map<String, Row> m = wholeInput();
        assertThat(value(m, "country=US/auc")).isCloseTo(0.75, within(1e-12));
        assertThat(value(m, "country=BR/auc")).isEqualTo(1.0);
        assertThat(value(m, "country=US,platform=ios/auc")).isEqualTo(1.0);
        assertThat(m.get("platform=null/auc").<Double>getAs("value")).isNull();
        assertThat(m.get("platform=null/auc").<String>getAs("reason")).contains("one class");
        assertThat(m.get("platform=null/mean_score").<Double>getAs("value")).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void dailyWindowsSplitByPredictionTime() {
        List<Row> rows = new EvaluationStore(TestSpark.spark(), store)
                .metrics()
                .filter(col("slice").equalTo("all").and(col("metric").equalTo("auc")))
                .filter(col("window_end")
                        .minus(col("window_start"))
                        .equalTo(org.apache.spark.sql.functions.expr("INTERVAL 1 DAY")))
                .orderBy("window_start")
                .collectAsList();
        assertThat(rows)
                .extracting(r ->
                        r.<java.sql.Timestamp>getAs("window_start").toInstant().toString())
                .containsExactly("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z");
        // Day 1: p1 (0.9, 1), p2 (0.2, 1), p4 (0.4, 0) -> 1 of 2 pairs. Day 2: p6 (0.8, 1) above p5, p7.
        assertThat(rows.get(0).<Double>getAs("value")).isCloseTo(0.5, within(1e-12));
        assertThat(rows.get(1).<Double>getAs("value")).isEqualTo(1.0);
    }

    @Test
    void rerunningReplacesRowsInsteadOfAddingThem() {
        EvaluationStore evaluationStore = new EvaluationStore(TestSpark.spark(), store);
        long before = evaluationStore.metrics().count();
        long quarantinedBefore = evaluationStore.quarantine().count();
        RunAccounting again = new EvaluateJob(TestSpark.spark(), Progress.silent())
                .run(config(
                        "all", new SliceSpec(List.of("country", "platform"), List.of(List.of("country", "platform")))));
        assertThat(evaluationStore.metrics().count()).isEqualTo(before);
        assertThat(evaluationStore.quarantine().count()).isEqualTo(quarantinedBefore);
        // the same accounting; the rerun committed a later version of the metrics table
        assertThat(again)
                .usingRecursiveComparison()
                .ignoringFields("metricsVersion")
                .isEqualTo(daily);
        assertThat(again.metricsVersion()).isGreaterThan(daily.metricsVersion());
        assertThat(evaluationStore
                        .runs()
                        .filter(col("status").equalTo("succeeded"))
                        .count())
                .isGreaterThanOrEqualTo(3);
    }
}
