package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jobs.TestSpark;
import dev.verity.store.BadInputException;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.TableSchemas;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.Objective;
import dev.verity.store.prometheus.Severity;
import dev.verity.store.prometheus.StoreState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objectives and schedules from YAML, the rolling baseline, and the thresholds serve exports. */
class ObjectivesTest {
    @TempDir
    Path dir;

    private static StoreState.MetricPoint point(String slice, String metric, double value, Double baseline) {
        return new StoreState.MetricPoint("m", "v1", slice, metric, value, baseline, 100, new Timestamp(0), true);
    }

    @Test
    void theExampleFileReadsAndEachObjectiveSetsThresholdsOnTheSeriesItNames() {
        ExportSettings settings = ObjectivesFile.read(Path.of("..", "conf", "objectives.yaml"), 100, 28);
        assertThat(settings.jobPeriodSeconds())
                .containsExactlyInAnyOrderEntriesOf(Map.of("evaluate", 86_400L, "drift", 86_400L, "monitor", 3_600L));
        List<StoreState.MetricPoint> series = List.of(
                point("all", "auc", 0.8, 0.81),
                point("country=BR", "auc", 0.72, 0.75),
                point("country=US", "auc", 0.9, 0.9),
                point("country=BR", "log_loss", 0.4, 0.5),
                point("country=US", "log_loss", 0.3, null));
        List<String> thresholds = thresholds(series, settings.objectives());
        assertThat(thresholds)
                .containsExactlyInAnyOrder(
                        "all auc MIN 0.7 CRITICAL",
                        "country=BR auc MIN 0.7 WARNING",
                        // the baseline 0.5 plus 10%; US has no baseline yet, so no relative threshold
                        "country=BR log_loss MAX 0.55 WARNING");
    }

    @Test
    void ofTwoObjectivesOnOneSeriesSideAndSeverityTheStricterIsExported() {
        List<Objective> objectives = List.of(
                new Objective(null, null, "auc", 0.6, null, null, null, Severity.CRITICAL),
                new Objective("m", null, "auc", null, null, null, 0.05, Severity.CRITICAL),
                new Objective("other", null, "auc", 0.99, null, null, null, Severity.CRITICAL));
        assertThat(thresholds(List.of(point("all", "auc", 0.8, 0.8)), objectives))
                .containsExactly("all auc MIN 0.76 CRITICAL");
    }

    private static List<String> thresholds(List<StoreState.MetricPoint> series, List<Objective> objectives) {
        List<String> text = new ArrayList<>();
        for (Objective.Threshold t : StoreState.thresholds(series, objectives)) {
            text.add(t.series().slice() + " " + t.series().metric() + " " + t.bound() + " "
                    + Math.round(t.value() * 1e9) / 1e9 + " " + t.severity());
        }
        return text;
    }

    @Test
    void aBadFileIsRefusedNamingTheFileAndWhatIsWrong() throws Exception {
        Path unknownKey = Files.writeString(
                dir.resolve("a.yaml"),
                "objectives:\n  - metric: auc\n    at_least: 0.7\n    severity: warning\n    slce: all\n");
        assertThatThrownBy(() -> ObjectivesFile.read(unknownKey, 100, 28))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(unknownKey + ": objectives[0].slce: not a known key (known: [");
        Path noBound =
                Files.writeString(dir.resolve("b.yaml"), "objectives:\n  - metric: auc\n    severity: warning\n");
        assertThatThrownBy(() -> ObjectivesFile.read(noBound, 100, 28))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(noBound + ": objectives[0]: the objective for auc sets no bound");
        Path badJob = Files.writeString(dir.resolve("c.yaml"), "jobs:\n  evaluat: 1d\n");
        assertThatThrownBy(() -> ObjectivesFile.read(badJob, 100, 28))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'evaluat' is not a job");
        Path badSpan = Files.writeString(dir.resolve("d.yaml"), "jobs:\n  evaluate: daily\n");
        assertThatThrownBy(() -> ObjectivesFile.read(badSpan, 100, 28))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'daily' is not a span");
    }

    @Test
    void theBaselineIsTheMedianOfTheWindowsEndingInTheBaselineDaysBeforeTheLatest() {
        EvaluationStore store =
                new EvaluationStore(TestSpark.spark(), dir.resolve("store").toString());
        // 40 daily windows with AUC 0.60, 0.61, ...; the latest ends on day 40.
        List<Row> rows = new ArrayList<>();
        double[] values = new double[40];
        for (int day = 0; day < 40; day++) {
            values[day] = 0.60 + day / 100.0;
            Instant start = Instant.parse("2026-10-01T00:00:00Z").plusSeconds(day * 86_400L);
            rows.add(RowFactory.create(
                    "m",
                    "v1",
                    "binary",
                    Timestamp.from(start),
                    Timestamp.from(start.plusSeconds(86_400)),
                    "all",
                    "auc",
                    values[day],
                    1000L,
                    null,
                    "r1",
                    Timestamp.from(start.plusSeconds(86_400))));
        }
        store.mergeMetrics(TestSpark.spark().createDataFrame(rows, TableSchemas.METRICS));
        StoreState.MetricPoint auc = StoreState.load(store.snapshot(), new ExportSettings(100, 28, List.of(), Map.of()))
                .metrics()
                .get(0);
        assertThat(auc.value()).isEqualTo(values[39]);
        // Windows ending 28 days before the latest end up to the day before it: days 11..38.
        double[] baseline = Arrays.copyOfRange(values, 11, 39);
        assertThat(baseline).hasSize(28);
        double median = (baseline[13] + baseline[14]) / 2;
        assertThat(auc.baseline()).isCloseTo(median, org.assertj.core.api.Assertions.within(1e-12));
    }
}
