package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.store.EvaluationStore;
import dev.verity.store.StoreTables;
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
                .extracting(r -> r.<String>getAs(StoreTables.JOB) + ":" + r.getAs("status"))
                .containsExactlyInAnyOrder(
                        "evaluate:succeeded", "evaluate:succeeded", "optimize:succeeded", "vacuum:succeeded");
        // Optimize rewrote the files; the data is the same.
        assertThat(CliRunner.run("metrics", "--store", store, "--metric", "auc", "--format", "csv")
                        .out())
                .isEqualTo(latest.out());
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
