package dev.verity.jobs.monitor;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.drift.loss.Finding;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.store.FindingRecord;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.StoreState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorJobTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    /** 10 hours of 20 predictions each, every one labelled 10 minutes later, then the injected problems. */
    private List<Finding> monitor(boolean inject, String store, String extraColumn) {
        return monitor(inject, store, extraColumn, TimeRange.ALL);
    }

    private List<Finding> monitor(boolean inject, String store, String extraColumn, TimeRange range) {
        List<String> predictions = new ArrayList<>(
                List.of("prediction_id,ts,score,country" + (extraColumn == null ? "" : "," + extraColumn)));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int h = 0; h < 10; h++) {
            int rows = inject && h == 6 ? 5 : 20;
            if (inject && h == 4) {
                continue; // an hour of logs lost
            }
            for (int i = 0; i < rows; i++) {
                Instant ts = T0.plusSeconds(h * 3600L + i * 60L);
                String id = "p" + h + "-" + i;
                String country = inject && h == 7 && i < 8 ? "" : "US";
                predictions.add(id + "," + ts + ",0.5," + country + (extraColumn == null ? "" : ",x"));
                if (inject && h == 8 && i < 3) {
                    predictions.add(id + "," + ts.plusSeconds(5) + ",0.5,US" + (extraColumn == null ? "" : ",x"));
                }
                if (!(inject && h == 2 && i < 15)) {
                    labels.add(id + ",1," + ts.plusSeconds(600));
                }
            }
        }
        if (inject) {
            labels.add("ghost,1," + T0.plusSeconds(5 * 3600 + 30));
            labels.add("p3-19,0," + T0.plusSeconds(5 * 3600 + 300)); // late, not an orphan
        }
        labels.add(
                "p9-0,1," + T0.plusSeconds(14 * 3600)); // labels seen until hour 14: every window's label window closed
        Path p = TestSpark.write(dir, "predictions.csv", predictions.toArray(String[]::new));
        Path l = TestSpark.write(dir, "labels.csv", labels.toArray(String[]::new));
        return new MonitorJob(TestSpark.spark())
                .run(hourly(p.toString(), l.toString(), store, null, true, range)).stream()
                        .map(FindingRecord::finding)
                        .toList();
    }

    @Test
    void aCleanRunAfterADirtyOneIsRecordedAndClearsTheExportedFindings() {
        String store = dir.resolve("store").toString();
        assertThat(monitor(true, store, null)).isNotEmpty();
        EvaluationStore evaluationStore = new EvaluationStore(TestSpark.spark(), store);
        assertThat(StoreState.load(evaluationStore.snapshot(), ExportSettings.defaults(100))
                        .findings()
                        .get(""))
                .containsEntry("missing_window", 1L);
        assertThat(monitor(false, store, null)).isEmpty();
        assertThat(StoreState.load(evaluationStore.snapshot(), ExportSettings.defaults(100))
                        .findings()
                        .get("")
                        .values())
                .containsOnly(0L);
        List<Row> runs = evaluationStore.runs().orderBy("started_at").collectAsList();
        assertThat(runs)
                .extracting(r -> r.<String>getAs("job") + ":" + r.<String>getAs("status"))
                .containsExactly("monitor:succeeded", "monitor:succeeded");

        assertThatThrownBy(() -> new MonitorJob(TestSpark.spark())
                        .run(hourly(dir.resolve("gone.csv").toString(), null, store, null)))
                .hasMessageContaining("gone.csv");
        Row failed = evaluationStore.runs().orderBy(col("started_at").desc()).first();
        assertThat(failed.<String>getAs("status")).isEqualTo("failed");
        assertThat(failed.<String>getAs("error")).contains("gone.csv: no such file or folder");
    }

    /** Hourly windows, labels within an hour, a baseline of 3 windows. */
    private static MonitorJob.Config hourly(String predictions, String labels, String store, String reference) {
        return hourly(predictions, labels, store, reference, true);
    }

    private static MonitorJob.Config hourly(
            String predictions, String labels, String store, String reference, boolean predictionDrift) {
        return hourly(predictions, labels, store, reference, predictionDrift, TimeRange.ALL);
    }

    private static MonitorJob.Config hourly(
            String predictions,
            String labels,
            String store,
            String reference,
            boolean predictionDrift,
            TimeRange range) {
        return new MonitorJob.Config(
                predictions,
                labels,
                null,
                store,
                WindowSpec.parse("1h"),
                3600,
                3,
                range,
                reference,
                predictionDrift,
                null,
                "test",
                true);
    }

    private static String at(Finding f) {
        return f.kind().id() + "@"
                + (f.windowStart() == null ? "-" : f.windowStart().toString().substring(11, 13))
                + (f.column() == null ? "" : ":" + f.column());
    }

    @Test
    void cleanLogHasNoFindings() {
        assertThat(monitor(false, null, null)).isEmpty();
    }

    @Test
    void everyInjectedProblemIsFoundInItsWindow() {
        assertThat(monitor(true, null, null))
                .extracting(MonitorJobTest::at)
                .containsExactlyInAnyOrder(
                        "label_coverage_drop@02:label",
                        "missing_window@04",
                        "row_count_drop@06",
                        "null_rate@07:country",
                        "duplicate_ids@08:prediction_id",
                        "orphan_labels@05:prediction_id");
    }

    /**
     * Over hours 5 to 8 the findings are the full run's in those hours, counts and baselines
     * alike: the first windows' baseline, and the prediction of a late label of hour 5 (made in
     * hour 3), are read from before the range.
     */
    @Test
    void aRangeFindsWhatARunOverEverythingFindsInItsWindows() {
        TimeRange range = new TimeRange(T0.plusSeconds(5 * 3600), T0.plusSeconds(9 * 3600));
        List<Finding> inRange = monitor(true, null, null, range);
        assertThat(inRange)
                .extracting(MonitorJobTest::at)
                .containsExactlyInAnyOrder(
                        "row_count_drop@06",
                        "null_rate@07:country",
                        "duplicate_ids@08:prediction_id",
                        "orphan_labels@05:prediction_id");
        assertThat(inRange)
                .containsExactlyInAnyOrderElementsOf(monitor(true, null, null).stream()
                        .filter(f -> range.includes(f.windowStart()))
                        .toList());
    }

    @Test
    void schemaChangeAgainstThePreviousRun() {
        String store = dir.resolve("store").toString();
        assertThat(monitor(false, store, null)).isEmpty();
        assertThat(monitor(false, store, "device"))
                .extracting(MonitorJobTest::at)
                .hasSize(1)
                .allSatisfy(s -> assertThat(s).startsWith("schema_change@").endsWith(":device"));
        assertThat(new dev.verity.store.delta.EvaluationStore(TestSpark.spark(), store)
                        .findings()
                        .collectAsList())
                .extracting(r -> r.<String>getAs("kind") + ":" + r.<String>getAs("column"))
                .containsExactly("schema_change:device");
    }

    @Test
    void valuesOutOfTheReferenceRangeAndUnseenCategories() {
        Path reference = TestSpark.write(
                dir,
                "reference.csv",
                "prediction_id,ts,age,country",
                "r1,2026-10-01T00:00:00Z,18,US",
                "r2,2026-10-01T00:00:00Z,70,US",
                "r3,2026-10-01T00:00:00Z,35,BR");
        List<String> log = new ArrayList<>(List.of("prediction_id,ts,age,country"));
        for (int h = 0; h < 3; h++) {
            for (int i = 0; i < 20; i++) {
                boolean odd = h == 2 && i < 10;
                log.add("p" + h + "-" + i + "," + T0.plusSeconds(h * 3600L + i * 60L) + "," + (odd ? "150" : "30") + ","
                        + (h == 1 && i < 2 ? "MX" : i % 2 == 0 ? "US" : "BR"));
            }
        }
        Path p = TestSpark.write(dir, "monitored.csv", log.toArray(String[]::new));
        List<Finding> findings = new MonitorJob(TestSpark.spark())
                .run(hourly(p.toString(), null, null, reference.toString())).stream()
                        .map(FindingRecord::finding)
                        .toList();
        assertThat(findings)
                .extracting(MonitorJobTest::at)
                .containsExactlyInAnyOrder("new_category@01:country", "out_of_range@02:age");
        assertThat(findings)
                .filteredOn(f -> f.kind() == dev.verity.drift.loss.FindingKind.NEW_CATEGORY)
                .singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("(MX)"));
    }

    @Test
    void scoresBeyondTheReferenceRangeAreFoundUnlessPredictionDriftIsOff() {
        Path reference = TestSpark.write(
                dir,
                "scored-reference.csv",
                "prediction_id,ts,model,model_version,score,age",
                "r1,2026-10-01T00:00:00Z,m,v1,0.10,18",
                "r2,2026-10-01T00:00:00Z,m,v1,0.60,70");
        List<String> log = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,age"));
        for (int i = 0; i < 20; i++) {
            // the second half of the hour scores above anything the reference scored
            log.add("p" + i + "," + T0.plusSeconds(i * 60L) + ",m,v1," + (i < 10 ? "0.3" : "0.9") + ",30");
        }
        Path p = TestSpark.write(dir, "scored.csv", log.toArray(String[]::new));
        assertThat(new MonitorJob(TestSpark.spark()).run(hourly(p.toString(), null, null, reference.toString())))
                .extracting(f -> at(f.finding()))
                .containsExactly("out_of_range@00:score");
        assertThat(new MonitorJob(TestSpark.spark()).run(hourly(p.toString(), null, null, reference.toString(), false)))
                .isEmpty();
    }
}
