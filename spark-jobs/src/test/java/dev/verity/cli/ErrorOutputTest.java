package dev.verity.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import io.delta.tables.DeltaTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failing commands say why on one line of stderr, with no stack frame, and exit 2 when the user
 * must fix an input or the store path; a failure leaves no store behind that was not there.
 */
class ErrorOutputTest {
    @TempDir
    Path dir;

    private Path predictions() {
        return TestSpark.write(
                dir,
                "p.csv",
                "prediction_id,ts,model,model_version,score",
                "a,2026-11-01T00:00:00Z,m,v1,0.9",
                "b,2026-11-01T00:00:00Z,m,v1,0.2");
    }

    private Path labels() {
        return TestSpark.write(
                dir, "l.csv", "prediction_id,label,label_ts", "a,1,2026-11-01T01:00:00Z", "b,0,2026-11-01T01:00:00Z");
    }

    private static CliRunner.Result evaluate(Path predictions, Path labels, Path store) {
        return CliRunner.run(
                "evaluate",
                "--predictions",
                predictions.toString(),
                "--labels",
                labels.toString(),
                "--store",
                store.toString(),
                "--task",
                "binary",
                "--quiet");
    }

    /** Exit 2 and exactly one line on stderr, containing every one of {@code parts}. */
    private static void assertBadInput(CliRunner.Result result, String... parts) {
        assertThat(result.code()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines().toList()).as(result.err()).hasSize(1);
        assertThat(result.err()).contains(parts).doesNotContain("\tat ");
    }

    @Test
    void aStorePathThatIsAFileIsBadInput() throws Exception {
        Path file = Files.writeString(dir.resolve("store"), "not a folder");
        assertBadInput(evaluate(predictions(), labels(), file), "store " + file, "is a file");
        assertBadInput(CliRunner.run("metrics", "--store", file.toString()), "is a file");
    }

    @Test
    void anotherDeltaTableIsNotTakenForAStore() {
        Path other = dir.resolve("other");
        TestSpark.spark().range(3).toDF("x").write().format("delta").save(other.toString());
        assertBadInput(evaluate(predictions(), labels(), other), "store " + other, "not a Verity metrics table");
        assertThat(other.resolve("_verity")).doesNotExist();
        assertBadInput(CliRunner.run("metrics", "--store", other.toString()), "not a Verity metrics table");
    }

    @Test
    void aFolderOfOtherFilesIsNotTakenForAStore() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data"));
        Files.writeString(folder.resolve("notes.txt"), "mine");
        assertBadInput(evaluate(predictions(), labels(), folder), "pass a new or empty folder");
        assertThat(folder.resolve("_verity")).doesNotExist();
    }

    @Test
    void aRunThatFailsOnItsInputCreatesNoStore() {
        Path store = dir.resolve("new-store");
        assertBadInput(evaluate(dir.resolve("missing.csv"), labels(), store), "missing.csv: no such file or folder");
        assertThat(store).doesNotExist();
    }

    @Test
    void theRunRowIsWrittenBeforeTheMetricsAndFinishedAfter() {
        Path store = dir.resolve("store");
        assertThat(evaluate(predictions(), labels(), store).code()).isZero();
        String runs = store.resolve("_verity/runs").toString();
        Row first = TestSpark.spark()
                .read()
                .format("delta")
                .option("versionAsOf", 0)
                .load(runs)
                .first();
        assertThat(first.<String>getAs("status")).isEqualTo("running");
        String runId = first.getAs("run_id");
        Timestamp runStarted = firstCommit(runs);
        Timestamp metricsWritten = firstCommit(store.toString());
        assertThat(metricsWritten).isAfterOrEqualTo(runStarted);
        List<Row> now = TestSpark.spark().read().format("delta").load(runs).collectAsList();
        assertThat(now).hasSize(1);
        assertThat(now.get(0).<String>getAs("run_id")).isEqualTo(runId);
        assertThat(now.get(0).<String>getAs("status")).isEqualTo("succeeded");
        assertThat(TestSpark.spark()
                        .read()
                        .format("delta")
                        .load(store.toString())
                        .filter(col("run_id").notEqual(runId))
                        .count())
                .isZero();
    }

    private static Timestamp firstCommit(String table) {
        return DeltaTable.forPath(TestSpark.spark(), table)
                .history()
                .filter(col("version").equalTo(0))
                .first()
                .getAs("timestamp");
    }

    @Test
    void duplicateColumnsAndMixedFoldersAreNamedForWhatTheyAre() throws Exception {
        Path duplicated = TestSpark.write(
                dir,
                "dup.csv",
                "prediction_id,ts,model,model_version,score,score",
                "a,2026-11-01T00:00:00Z,m,v1,0.9,0.8");
        assertBadInput(
                evaluate(duplicated, labels(), dir.resolve("s1")),
                "dup.csv",
                "column 'score' appears twice in the header");

        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(predictions(), mixed.resolve("part-1.csv"));
        Files.writeString(
                mixed.resolve("part-2.json"),
                "{\"prediction_id\":\"c\",\"ts\":\"2026-11-01T00:00:00Z\"}\n",
                StandardCharsets.UTF_8);
        CliRunner.Result result = evaluate(mixed, labels(), dir.resolve("s2"));
        assertBadInput(result, "mixes csv and json files");
        assertThat(result.err()).doesNotContain("prediction_id\":\"c");
    }

    @Test
    void aCorruptStoreLogIsOneLine() throws Exception {
        Path store = dir.resolve("store");
        assertThat(evaluate(predictions(), labels(), store).code()).isZero();
        Files.writeString(store.resolve("_delta_log/00000000000000000001.json"), "{not json");
        CliRunner.Result report = CliRunner.run(
                "report",
                "--store",
                store.toString(),
                "--out",
                dir.resolve("r.html").toString());
        assertThat(report.code()).as(report.err()).isNotZero();
        assertThat(report.err().strip().lines().toList()).as(report.err()).hasSize(1);
        assertThat(report.err()).contains(store.toString()).doesNotContain("\tat ");
    }

    @Test
    void aDriverTooSmallNamesTheSettingThatGivesItMore() throws Exception {
        Process small = CliRunner.processWithHeap(
                dir,
                "small",
                java.util.Map.of(),
                "256m",
                "evaluate",
                "--predictions",
                predictions().toString(),
                "--labels",
                labels().toString(),
                "--store",
                dir.resolve("store").toString(),
                "--task",
                "binary");
        assertThat(small.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String err = java.nio.file.Files.readString(dir.resolve("small.err"));
        assertThat(small.exitValue()).as(err).isEqualTo(Verity.FAILURE);
        assertThat(err).contains("the driver needs more memory: raise VERITY_DRIVER_MEMORY (now 256 MiB of heap)");
    }

    @Test
    void aFirstWriteThatLeftAnEmptyLogIsNoTableYetAndTheRerunSucceeds() throws Exception {
        // what a first run on a full disk leaves: the log folder, no commit in it
        Path store = java.nio.file.Files.createDirectories(dir.resolve("store").resolve("_delta_log"))
                .getParent();
        CliRunner.Result rerun = evaluate(predictions(), labels(), store);
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(CliRunner.run("metrics", "--store", store.toString(), "--metric", "auc", "--format", "csv")
                        .out())
                .contains("m,v1,");
    }
}
