package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.jobs.VeritySpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics, runs and drift-history read the store with Delta Kernel: they start no Spark session. */
class KernelReadCommandsTest {
    @TempDir
    Path dir;

    @Test
    void readingCommandsPrintTheStoreWithoutASparkSession() throws Exception {
        List<String> predictions = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,x"));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int i = 0; i < 60; i++) {
            int day = 1 + i % 2;
            predictions.add("p" + i + ",2026-11-0" + day + "T10:00:00Z,m,v1," + (i % 10) / 10.0 + "," + i % 7);
            labels.add("p" + i + "," + (i % 3 == 0 ? 1 : 0) + ",2026-11-0" + day + "T11:00:00Z");
        }
        Path p = TestSpark.write(dir, "p.csv", predictions.toArray(String[]::new));
        String store = dir.resolve("store").toString();
        assertThat(CliRunner.run(CliRunner.evaluate(
                                p.toString(),
                                TestSpark.write(dir, "l.csv", labels.toArray(String[]::new))
                                        .toString(),
                                store))
                        .code())
                .isZero();
        CliRunner.Result drift = CliRunner.run(
                "drift", "--reference", p.toString(), "--current", p.toString(), "--numeric", "x", "--store", store);
        assertThat(drift.code()).as(drift.err()).isZero();

        VeritySpark.stop();
        CliRunner.Result metrics =
                CliRunner.run("metrics", "--store", store, "--metric", "auc", "--slice", "all", "--format", "csv");
        CliRunner.Result runs = CliRunner.run("runs", "--store", store);
        CliRunner.Result history = CliRunner.run("drift-history", "--store", store, "--format", "csv");
        assertThat(SparkSession.getDefaultSession().isEmpty())
                .as("no Spark session started")
                .isTrue();

        assertThat(metrics.code()).as(metrics.err()).isZero();
        assertThat(metrics.out().lines().skip(1))
                .hasSize(2)
                .allSatisfy(line ->
                        assertThat(line).startsWith("m,v1,binary,2026-11-0").contains(",all,auc,"));
        assertThat(metrics.out().lines().skip(1).toList().get(0)).contains("2026-11-01T00:00:00Z");
        assertThat(runs.out()).contains("run_id").contains("evaluate").contains("drift");
        com.fasterxml.jackson.databind.JsonNode runsJson = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(CliRunner.run("runs", "--store", store, "--format", "json")
                        .out());
        // the one evaluate run committed the metrics table's first version
        assertThat(java.util.stream.StreamSupport.stream(runsJson.spliterator(), false)
                        .filter(r -> r.path("job").asText().equals("evaluate"))
                        .map(r -> r.path("metrics_version").asText()))
                .containsExactly("0");
        assertThat(history.out().lines().skip(1))
                .extracting(l -> l.split(",")[2])
                .containsExactly("score", "x");
    }

    @Test
    void aWindowIsFinalOnceItsEndPlusTheLabelWindowIsBehindTheNewestLabel() {
        List<String> predictions = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score"));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int i = 0; i < 90; i++) {
            int day = 1 + i % 3;
            predictions.add("p" + i + ",2026-11-0" + day + "T10:00:00Z,m,v1," + (i % 10) / 10.0);
            labels.add("p" + i + "," + (i % 3 == 0 ? 1 : 0) + ",2026-11-0" + day + "T12:00:00Z");
        }
        String store = dir.resolve("store").toString();
        CliRunner.Result run = CliRunner.run(CliRunner.evaluate(
                TestSpark.write(dir, "p.csv", predictions.toArray(String[]::new))
                        .toString(),
                TestSpark.write(dir, "l.csv", labels.toArray(String[]::new)).toString(),
                store,
                "--label-window",
                "1d"));
        assertThat(run.code()).as(run.err()).isZero();
        // the newest label is 2026-11-03T12:00: the 1st's window (ending the 2nd, +1 day) is final
        CliRunner.Result auc =
                CliRunner.run("metrics", "--store", store, "--metric", "auc", "--slice", "all", "--format", "csv");
        assertThat(auc.out().lines().toList().get(0)).endsWith(",run_id,window_final");
        assertThat(auc.out().lines().skip(1))
                .extracting(line -> line.substring(line.lastIndexOf(',') + 1))
                .containsExactly("true", "false", "false");
    }

    @Test
    void theQualityVerdictRestsOnFinalWindowsAndOnProvisionalOnesOnlyWhenAlreadySeparated() {
        // three days, label window 1 day, the newest label on the 3rd: only the 1st is final
        assertThat(advice("slight", 0.02)).contains("decay needs two").doesNotContain("RETRAIN");
        assertThat(advice("collapse", 1.0))
                .contains("decayed, the intervals do not overlap")
                .contains("RETRAIN");
    }

    /** The advice after three daily windows whose 3rd day's labels ignore the scores with probability {@code noise}. */
    private String advice(String name, double noise) {
        java.util.Random random = new java.util.Random(11);
        List<String> predictions = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score"));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int day = 1; day <= 3; day++) {
            for (int i = 0; i < 400; i++) {
                double score = random.nextDouble();
                boolean ignored = day == 3 && random.nextDouble() < noise;
                int label = (ignored ? random.nextDouble() : score) > 0.5 ? 1 : 0;
                predictions.add(day + "-" + i + ",2026-11-0" + day + "T10:00:00Z,m,v1," + score);
                labels.add(day + "-" + i + "," + label + ",2026-11-0" + day + "T12:00:00Z");
            }
        }
        String store = dir.resolve(name).toString();
        CliRunner.Result run = CliRunner.run(CliRunner.evaluate(
                TestSpark.write(dir, name + "-p.csv", predictions.toArray(String[]::new))
                        .toString(),
                TestSpark.write(dir, name + "-l.csv", labels.toArray(String[]::new))
                        .toString(),
                store,
                "--label-window",
                "1d"));
        assertThat(run.code()).as(run.err()).isZero();
        CliRunner.Result advice = CliRunner.run("advise", "--store", store, "--model", "m");
        assertThat(advice.code()).as(advice.err()).isZero();
        return advice.out();
    }
}
