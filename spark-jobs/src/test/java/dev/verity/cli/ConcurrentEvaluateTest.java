package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two evaluate processes write one new store at the same time: both create its tables, both
 * merge into the same model's partition. Delta lets one commit first; the other retries on the
 * new version, so both runs land, whole.
 */
class ConcurrentEvaluateTest {
    @TempDir
    Path dir;

    @Test
    void twoEvaluateProcessesIntoOneStoreBothLand() throws Exception {
        Path labels = dir.resolve("labels.csv");
        List<String> labelRows = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        List<Process> processes = new ArrayList<>();
        String store = dir.resolve("store").toString();
        List<Path> logs = new ArrayList<>();
        for (int day = 1; day <= 2; day++) {
            List<String> rows = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score"));
            for (int i = 0; i < 100; i++) {
                String id = "d" + day + "-" + i;
                rows.add(id + ",2026-11-0" + day + "T10:00:00Z,m,v1," + (i % 10) / 10.0);
                labelRows.add(id + "," + (i % 3 == 0 ? 1 : 0) + ",2026-11-0" + day + "T12:00:00Z");
            }
            logs.add(TestSpark.write(dir, "day" + day + ".csv", rows.toArray(String[]::new)));
        }
        TestSpark.write(dir, "labels.csv", labelRows.toArray(String[]::new));
        for (Path log : logs) {
            processes.add(CliRunner.process(
                    dir,
                    log.getFileName().toString(),
                    Map.of(),
                    CliRunner.evaluate(log.toString(), labels.toString(), store, "--format", "json")));
        }
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(Files.readString(dir.resolve(logs.get(i).getFileName() + ".err")))
                    .isZero();
            // evaluate --format json: the run's accounting as one object
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(dir.resolve(logs.get(i).getFileName() + ".out")
                                    .toFile())
                            .get("evaluated")
                            .asLong())
                    .isEqualTo(100);
        }

        EvaluationStore evaluationStore = new EvaluationStore(TestSpark.spark(), store);
        assertThat(evaluationStore.runs().collectAsList())
                .extracting(r -> r.<String>getAs("status") + ":" + r.<Long>getAs("evaluated"))
                .containsExactly("succeeded:100", "succeeded:100");
        List<Row> auc = evaluationStore
                .metrics()
                .filter("metric = 'auc' AND slice = 'all'")
                .orderBy("window_start")
                .collectAsList();
        assertThat(auc)
                .extracting(r ->
                        r.getTimestamp(r.fieldIndex("window_start")).toInstant().toString())
                .containsExactly("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z");
    }
}
