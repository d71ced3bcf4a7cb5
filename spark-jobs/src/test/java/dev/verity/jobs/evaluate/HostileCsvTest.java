package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.metrics.Task;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV as RFC 4180 writes it, and values that a lenient reader would silently change. */
class HostileCsvTest {
    private static final String HEADER = "prediction_id,ts,model,model_version,score,country,platform";
    private static final SliceSpec SLICES = new SliceSpec(List.of("country", "platform"), List.of());

    @TempDir
    Path dir;

    private RunAccounting evaluate(Path predictions, Path labels) {
        return new EvaluateJob(TestSpark.spark(), Progress.silent())
                .run(new EvaluateJob.Config(
                        new LabelledInputs(predictions.toString(), labels.toString(), null, null, 7 * 86400L),
                        store(),
                        Task.BINARY,
                        SLICES,
                        WindowSpec.parse("1d"),
                        MetricOptions.defaults(5),
                        "test",
                        InputScope.ALL));
    }

    private String store() {
        return dir.resolve("store").toString();
    }

    private Path labels() {
        return TestSpark.write(
                dir,
                "labels.csv",
                "prediction_id,label,label_ts",
                "p1,1,2026-11-01T01:00:00Z",
                "p2,0,2026-11-01T01:00:00Z",
                "p3,1,2026-11-01T01:00:00Z");
    }

    /** The slices of the store's rows, with the rows each counted. */
    private Map<String, Long> slices() {
        return new EvaluationStore(TestSpark.spark(), store())
                .metrics().filter(col("metric").equalTo("auc")).collectAsList().stream()
                        .collect(Collectors.toMap(r -> r.getAs("slice"), r -> r.<Long>getAs("n")));
    }

    @Test
    void aQuotedNewlineStaysInsideItsField() {
        Path predictions = TestSpark.write(
                dir,
                "p.csv",
                HEADER,
                "p1,2026-11-01T00:00:00Z,m,v1,0.9,US,\"io",
                "s\"",
                "p2,2026-11-01T00:00:00Z,m,v1,0.2,US,web",
                "p3,2026-11-01T00:00:00Z,m,v1,0.7,BR,web");
        RunAccounting run = evaluate(predictions, labels());
        assertThat(run.predictionsRead()).isEqualTo(3);
        assertThat(run.predictionsQuarantined()).isZero();
        assertThat(run.evaluated()).isEqualTo(3);
        assertThat(slices())
                .containsEntry("platform=io\ns", 1L)
                .containsEntry("platform=web", 2L)
                .doesNotContainKey("platform=io");
    }

    @Test
    void doubledQuotesAreOneQuote() {
        Path predictions = TestSpark.write(
                dir,
                "p.csv",
                HEADER,
                "p1,2026-11-01T00:00:00Z,m,v1,0.9,\"say \"\"hi\"\", ok\",web",
                "p2,2026-11-01T00:00:00Z,m,v1,0.2,US,web",
                "p3,2026-11-01T00:00:00Z,m,v1,0.7,US,ios");
        RunAccounting run = evaluate(predictions, labels());
        assertThat(run.evaluated()).isEqualTo(3);
        assertThat(slices()).containsEntry("country=say \"hi\", ok", 1L).containsEntry("platform=web", 2L);
    }

    @Test
    void aRowWithMoreFieldsThanTheHeaderIsQuarantinedAndCounted() {
        Path predictions = TestSpark.write(
                dir,
                "p.csv",
                HEADER,
                "p1,2026-11-01T00:00:00Z,m,v1,0.9,US,web",
                "p2,2026-11-01T00:00:00Z,m,v1,0.2,US,web,surprise",
                "p3,2026-11-01T00:00:00Z,m,v1,0.7,US,ios");
        RunAccounting run = evaluate(predictions, labels());
        assertThat(run.predictionsRead()).isEqualTo(3);
        assertThat(run.quarantinedByReason()).containsExactly(Map.entry("predictions:malformed_row", 1L));
        assertThat(run.evaluated()).isEqualTo(2);
        assertThat(run.orphanLabels()).isEqualTo(1);
        Row quarantined =
                new EvaluationStore(TestSpark.spark(), store()).quarantine().first();
        assertThat(quarantined.<String>getAs("prediction_id")).isEqualTo("p2");
        assertThat(quarantined.<String>getAs("raw")).contains("surprise");
    }

    @Test
    void epochSecondsAreReadAsSecondsAndEpochMillisecondsAsMilliseconds() {
        long seconds = 1_793_491_200L; // 2026-11-01T00:00:00Z
        Path predictions = TestSpark.write(
                dir,
                "p.csv",
                HEADER,
                "p1," + seconds + ",m,v1,0.9,US,web",
                "p2," + seconds * 1000 + ",m,v1,0.2,US,web",
                "p3," + (seconds + 60) + ",m,v1,0.7,US,ios");
        Path labels = TestSpark.write(
                dir,
                "labels.csv",
                "prediction_id,label,label_ts",
                "p1,1," + (seconds + 3600),
                "p2,0," + (seconds + 3600) * 1000,
                "p3,1," + (seconds + 3600));
        RunAccounting run = evaluate(predictions, labels);
        assertThat(run.evaluated()).isEqualTo(3);
        assertThat(run.lateLabels()).isZero();
        List<Row> windows = new EvaluationStore(TestSpark.spark(), store())
                .metrics()
                .filter(col("slice").equalTo("all").and(col("metric").equalTo("auc")))
                .collectAsList();
        assertThat(windows)
                .extracting(r ->
                        r.<java.sql.Timestamp>getAs("window_start").toInstant().toString())
                .containsExactly("2026-11-01T00:00:00Z");
    }
}
