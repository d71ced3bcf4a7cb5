package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.store.Columns;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time travel (--as-of) over metrics, runs and the report, and store optimize and vacuum. */
class StoreMaintenanceTest {
    @TempDir
    Path dir;

    @Test
    void asOfShowsTheStoreAsItWasAndOptimizeCompactsIt() throws Exception {
        String store = dir.resolve("store").toString();
        evaluateDay(store, 1);
        Instant between = Instant.now();
        Thread.sleep(1100); // commit times are the log files' times: keep the two runs apart
        evaluateDay(store, 2);

        CliRunner.Result latest = CliRunner.run("metrics", "--store", store, "--metric", "auc", "--format", "csv");
        assertThat(latest.out().lines().skip(1)).hasSize(2);
        for (String asOf : List.of("0", between.toString())) {
            CliRunner.Result first =
                    CliRunner.run("metrics", "--store", store, "--metric", "auc", "--format", "csv", "--as-of", asOf);
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out().lines().skip(1))
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("2026-11-01T00:00:00Z"));
            assertThat(first.err())
                    .as("a historical listing says so")
                    .contains("store " + store + " at metrics version 0 (committed ")
                    .contains(", as of ");
            CliRunner.Result runs = CliRunner.run("runs", "--store", store, "--format", "csv", "--as-of", asOf);
            assertThat(runs.out().lines().skip(1)).hasSize(1);
        }
        CliRunner.Result report = CliRunner.run(
                "report",
                "--store",
                store,
                "--as-of",
                "0",
                "--out",
                dir.resolve("r.html").toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(java.nio.file.Files.readString(dir.resolve("r.html")))
                .contains("at metrics version 0 (committed ")
                .contains(", as of ");
        assertThat(CliRunner.run("metrics", "--store", store, "--as-of", "99").err())
                .contains("--as-of: " + store + " has no version 99");
        assertThat(CliRunner.run("metrics", "--store", store, "--as-of", "yesterday")
                        .code())
                .isEqualTo(Verity.BAD_INPUT);

        CliRunner.Result optimize = CliRunner.run("store", "optimize", "--store", store, "--format", "csv");
        assertThat(optimize.code()).as(optimize.err()).isZero();
        assertThat(optimize.out()).startsWith("table,files_removed,files_added").contains("\nmetrics,");
        CliRunner.Result vacuum = CliRunner.run("store", "vacuum", "--store", store, "--format", "csv");
        assertThat(vacuum.code()).as(vacuum.err()).isZero();
        assertThat(new EvaluationStore(TestSpark.spark(), store).runs().collectAsList())
                .extracting(r -> r.<String>getAs(Columns.JOB) + ":" + r.getAs("status"))
                .containsExactlyInAnyOrder(
                        "evaluate:succeeded", "evaluate:succeeded", "optimize:succeeded", "vacuum:succeeded");
        // Optimize rewrote the files; the data is the same.
        assertThat(CliRunner.run("metrics", "--store", store, "--metric", "auc", "--format", "csv")
                        .out())
                .isEqualTo(latest.out());
    }

    @Test
    void vacuumKeepsTheHoursAskedForAndAsOfReachesExactlyThatFar() throws Exception {
        String store = dir.resolve("store").toString();
        evaluateDay(store, 1);
        evaluateDay(store, 1); // the rerun's merge replaces version 0's data file
        Instant now = Instant.now();
        age(Path.of(store), now.minus(java.time.Duration.ofDays(10)), now.minus(java.time.Duration.ofDays(9)));
        CliRunner.Result before = CliRunner.run("metrics", "--store", store, "--format", "csv", "--as-of", "0");
        // ten days back: past Delta's default 7-day time-travel limit, with nothing vacuumed yet
        assertThat(before.code()).as(before.err()).isZero();
        String latest =
                CliRunner.run("metrics", "--store", store, "--format", "csv").out();

        CliRunner.Result keep30Days =
                CliRunner.run("store", "vacuum", "--store", store, "--retain-hours", "720", "--format", "csv");
        assertThat(keep30Days.code()).as(keep30Days.err()).isZero();
        assertThat(keep30Days.out()).contains("\nmetrics,0,0");
        CliRunner.Result asOf = CliRunner.run("metrics", "--store", store, "--format", "csv", "--as-of", "0");
        assertThat(asOf.code()).as(asOf.err()).isZero();
        assertThat(asOf.out()).isEqualTo(before.out());

        long firstVersionFiles =
                java.nio.file.Files.readAllLines(Path.of(store, "_delta_log", "00000000000000000000.json")).stream()
                        .filter(line -> line.startsWith("{\"add\""))
                        .count();
        CliRunner.Result keepAWeek =
                CliRunner.run("store", "vacuum", "--store", store, "--retain-hours", "168", "--format", "csv");
        assertThat(keepAWeek.code()).as(keepAWeek.err()).isZero();
        // version 0's data files, which version 1 replaced nine days ago
        assertThat(keepAWeek.out()).contains("\nmetrics," + firstVersionFiles + ",0");
        CliRunner.Result gone = CliRunner.run("metrics", "--store", store, "--as-of", "0");
        assertThat(gone.code()).isEqualTo(Verity.BAD_INPUT);
        assertThat(gone.err()).contains("keeps its history from");
        assertThat(CliRunner.run(
                                "report",
                                "--store",
                                store,
                                "--as-of",
                                "0",
                                "--out",
                                dir.resolve("r.html").toString())
                        .code())
                .isEqualTo(Verity.BAD_INPUT);
        assertThat(CliRunner.run("metrics", "--store", store, "--format", "csv").out())
                .isEqualTo(latest);
    }

    @Test
    void retentionsDeltaWouldNotHonourAndImpossibleVersionsAreUsageErrors() {
        String store = dir.resolve("store").toString();
        evaluateDay(store, 1);
        for (String hours : List.of("0", "-1", "100")) {
            CliRunner.Result r = CliRunner.run("store", "vacuum", "--store", store, "--retain-hours", hours);
            assertThat(r.code()).as(hours).isEqualTo(Verity.BAD_INPUT);
            assertThat(r.err()).contains("--retain-hours " + hours + ": at least 168");
        }
        CliRunner.Result huge = CliRunner.run("metrics", "--store", store, "--as-of", "99999999999999999999");
        assertThat(huge.code()).isEqualTo(Verity.BAD_INPUT);
        assertThat(huge.err()).contains("has no version 99999999999999999999");
    }

    /**
     * Moves the metrics table's two commits back in time: version 0 (and its data file) to
     * {@code created}, version 1, which removed that file, to {@code replaced}.
     */
    private static void age(Path table, Instant created, Instant replaced) throws java.io.IOException {
        Path log = table.resolve("_delta_log");
        Path second = log.resolve("00000000000000000001.json");
        java.nio.file.Files.writeString(
                second,
                java.nio.file.Files.readString(second)
                        .replaceAll("\"deletionTimestamp\":\\d+", "\"deletionTimestamp\":" + replaced.toEpochMilli()));
        // Hadoop's local filesystem would find the edit against its checksum file
        java.nio.file.Files.deleteIfExists(log.resolve("." + second.getFileName() + ".crc"));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(table)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> !f.startsWith(table.resolve("_verity")))
                    .toList()) {
                Instant time = f.equals(second) ? replaced : created;
                java.nio.file.Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(time));
            }
        }
    }

    private void evaluateDay(String store, int day) {
        List<String> predictions = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score"));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int i = 0; i < 50; i++) {
            predictions.add("d" + day + i + ",2026-11-0" + day + "T10:00:00Z,m,v1," + (i % 10) / 10.0);
            labels.add("d" + day + i + "," + (i % 3 == 0 ? 1 : 0) + ",2026-11-0" + day + "T11:00:00Z");
        }
        CliRunner.Result result = CliRunner.run(CliRunner.evaluate(
                TestSpark.write(dir, "p" + day + ".csv", predictions.toArray(String[]::new))
                        .toString(),
                TestSpark.write(dir, "l" + day + ".csv", labels.toArray(String[]::new))
                        .toString(),
                store));
        assertThat(result.code()).as(result.err()).isZero();
    }
}
