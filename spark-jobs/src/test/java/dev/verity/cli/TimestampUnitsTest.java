package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Epoch timestamps in any unit a writer defaults to (seconds, milliseconds, microseconds,
 * nanoseconds) read as the instant they mean, Parquet timestamps by their type, and an instant
 * no unit makes plausible quarantined: never a prediction in the year 58,800.
 */
class TimestampUnitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-11-01T00:00:00Z. */
    private static final long DAY_SECONDS = 1_793_491_200L;

    private static final int ROWS = 400;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"seconds,1", "milliseconds,1000", "microseconds,1000000", "nanoseconds,1000000000"})
    void jsonEpochNumbersInEveryUnitLandInTheirDay(String unit, long perSecond) throws Exception {
        JsonNode run = evaluateJson(s -> s * perSecond, s -> s * perSecond);
        assertThat(run.get("predictions_quarantined").asLong()).as(unit).isZero();
        assertThat(run.get("invalid_labels").asLong()).isZero();
        assertThat(run.get("evaluated").asLong()).isEqualTo(ROWS);
        assertThat(auc().select("window_start")
                        .as(org.apache.spark.sql.Encoders.TIMESTAMP())
                        .collectAsList())
                .extracting(t -> t.toInstant().toString())
                .containsExactly("2026-11-01T00:00:00Z");
    }

    @Test
    void aFewNanosecondRowsAmongMillisecondsAreReadRight() throws Exception {
        // five rows of 400 written by another writer, in nanoseconds: no overflow, no lost row
        JsonNode run = evaluateJson(s -> s % 80 == 0 ? s * 1_000_000_000L : s * 1000, s -> s * 1000);
        assertThat(run.get("evaluated").asLong()).isEqualTo(ROWS);
        assertThat(run.get("predictions_quarantined").asLong()).isZero();
    }

    @Test
    void anInstantNoUnitMakesPlausibleIsQuarantinedAsABadTimestamp() throws Exception {
        // 10^20 is beyond nanoseconds of the year 5138; a negative epoch is before any log
        List<String> predictions = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String ts = i == 0 ? "100000000000000000000" : i == 1 ? "-5" : Long.toString(DAY_SECONDS + i);
            predictions.add(prediction(i, ts));
        }
        JsonNode run = evaluate(predictions, labels(s -> s));
        assertThat(run.get("predictions_quarantined").asLong())
                .as(run.toString())
                .isEqualTo(2);
        assertThat(run.path("quarantined_by_reason")
                        .path("predictions:bad_timestamp")
                        .asLong())
                .as(run.toString())
                .isEqualTo(2);
        assertThat(run.get("evaluated").asLong()).isEqualTo(ROWS - 2);
    }

    @Test
    void parquetTimestampAndInt64MicrosecondColumnsReadByTheirType() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            lines.add(prediction(i, Long.toString((DAY_SECONDS + i) * 1_000_000L)));
        }
        Path json = TestSpark.write(dir, "p.jsonl", lines.toArray(String[]::new));
        Dataset<Row> read = TestSpark.spark().read().json(json.toString());
        // one file with ts as a Parquet TIMESTAMP, one with ts as a plain int64 of microseconds
        read.withColumn("ts", functions.timestamp_micros(functions.col("ts")))
                .write()
                .parquet(dir.resolve("typed").toString());
        read.write().parquet(dir.resolve("int64").toString());
        Path labels = TestSpark.write(dir, "l.jsonl", labels(s -> s).toArray(String[]::new));
        for (String folder : List.of("typed", "int64")) {
            CliRunner.Result r = CliRunner.run(CliRunner.evaluate(
                    dir.resolve(folder).toString(),
                    labels.toString(),
                    dir.resolve("store-" + folder).toString(),
                    "--format",
                    "json"));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out()).get("evaluated").asLong())
                    .as(folder)
                    .isEqualTo(ROWS);
        }
    }

    private JsonNode evaluateJson(LongUnaryOperator predictionTs, LongUnaryOperator labelTs) throws Exception {
        List<String> predictions = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            predictions.add(prediction(i, Long.toString(predictionTs.applyAsLong(DAY_SECONDS + i))));
        }
        return evaluate(predictions, labels(labelTs));
    }

    private static String prediction(int i, String ts) {
        return "{\"prediction_id\":\"p" + i + "\",\"ts\":" + ts + ",\"model\":\"m\",\"model_version\":\"v1\","
                + "\"score\":" + (i % 10) / 10.0 + "}";
    }

    /** One label an hour after each prediction, its time in the unit {@code unit} gives. */
    private static List<String> labels(LongUnaryOperator unit) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            labels.add("{\"prediction_id\":\"p" + i + "\",\"label\":" + (i % 3 == 0 ? 1 : 0) + ",\"label_ts\":"
                    + unit.applyAsLong(DAY_SECONDS + i + 3600) + "}");
        }
        return labels;
    }

    private JsonNode evaluate(List<String> predictions, List<String> labels) throws Exception {
        Path p = TestSpark.write(dir, "p.jsonl", predictions.toArray(String[]::new));
        Path l = TestSpark.write(dir, "l.jsonl", labels.toArray(String[]::new));
        CliRunner.Result r = CliRunner.run(
                CliRunner.evaluate(p.toString(), l.toString(), store(), "--format", "json", "--window", "1d"));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private String store() {
        return dir.resolve("store").toString();
    }

    private Dataset<Row> auc() {
        return new dev.verity.store.delta.EvaluationStore(TestSpark.spark(), store())
                .metrics()
                .filter(functions
                        .col("slice")
                        .equalTo("all")
                        .and(functions.col("metric").equalTo("auc")));
    }
}
