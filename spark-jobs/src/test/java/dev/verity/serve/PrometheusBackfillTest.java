package dev.verity.serve;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verity.cli.CliRunner;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.StoreState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's backfill: {@code verity metrics --format openmetrics}, promtool's
 * {@code tsdb create-blocks-from openmetrics}, the blocks moved into a real Prometheus's data
 * folder; a range query over the past windows then answers with the store's value of each window
 * at the window's end.
 */
class PrometheusBackfillTest {
    @TempDir
    Path dir;

    @Test
    void aBackfilledPrometheusAnswersARangeQueryOverPastWindowsWithTheStoresValues() throws Exception {
        LocalPrometheus.assumeInstalled();
        String root = dir.resolve("store").toString();
        EvaluationStore store = StoreFixture.write(root);
        StoreFixture.addDay(store, "2026-11-03", 0.70);
        CliRunner.Result history = CliRunner.run("metrics", "--store", root, "--format", "openmetrics");
        assertThat(history.code()).as(history.err()).isZero();
        Path file = Files.writeString(dir.resolve("history.om"), history.out());

        Path blocks = dir.resolve("blocks");
        LocalPrometheus.promtool("tsdb", "create-blocks-from", "openmetrics", file.toString(), blocks.toString());
        Path tsdb = Files.createDirectories(dir.resolve("tsdb"));
        try (Stream<Path> made = Files.list(blocks)) {
            for (Path block : made.toList()) {
                Files.move(block, tsdb.resolve(block.getFileName()));
            }
        }

        List<Row> auc = store.metrics()
                .filter(col("model")
                        .equalTo("m")
                        .and(col("slice").equalTo("all"))
                        .and(col("metric").equalTo("auc")))
                .orderBy("window_end")
                .collectAsList();
        assertThat(auc).hasSize(3);
        long first = seconds(auc.get(0));
        long last = seconds(auc.get(auc.size() - 1));
        // The windows are a month old or more by now: keep them past Prometheus's default 15 days.
        try (LocalPrometheus prometheus = LocalPrometheus.start(
                dir, "global:\n  scrape_interval: 1m\n", tsdb, "--storage.tsdb.retention.time=100y")) {
            JsonNode series = prometheus.range(
                    "verity_model_metric{model=\"m\",slice=\"all\",metric=\"auc\"}", first, last, 86_400);
            assertThat(series.get("metric").get("model_version").asText()).isEqualTo("v1");
            List<String> answered = new ArrayList<>();
            series.get("values")
                    .forEach(
                            v -> answered.add(v.get(0).asLong() + "=" + v.get(1).asDouble()));
            assertThat(answered)
                    .containsExactlyElementsOf(auc.stream()
                            .map(r -> seconds(r) + "=" + r.<Double>getAs("value"))
                            .toList());
            JsonNode rows = prometheus.range(
                    "verity_model_metric_rows{model=\"m\",slice=\"country=a\",metric=\"auc\"}", first, last, 86_400);
            assertThat(rows.get("values")).hasSize(3);
            assertThat(rows.get("values").get(0).get(1).asText()).isEqualTo("600");
        }
    }

    @Test
    void aLongerWindowInTheStoreIsNoPointOfTheDailySeries() {
        String root = dir.resolve("mixed").toString();
        EvaluationStore store = StoreFixture.write(root);
        // a whole-period run beside the daily ones, ending after the last of them
        StoreFixture.addWindow(
                store, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T06:00:00Z"), 0.5, "run-whole");
        CliRunner.Result history = CliRunner.run("metrics", "--store", root, "--format", "openmetrics");
        assertThat(history.code()).as(history.err()).isZero();
        assertThat(history.out()
                        .lines()
                        .filter(l -> l.startsWith("verity_model_metric{")
                                && l.contains("slice=\"all\"")
                                && l.contains("metric=\"auc\"")))
                .as("the two daily windows only")
                .hasSize(2)
                .noneMatch(l -> l.contains(" 0.5 "));
        assertThat(StoreState.load(StoreFixture.reader(store).latest(), ExportSettings.defaults(100))
                        .metrics())
                .filteredOn(p -> p.slice().equals("all") && p.metric().equals("auc"))
                .singleElement()
                .satisfies(p -> assertThat(p.value()).isEqualTo(0.75));
    }

    private static long seconds(Row metric) {
        return metric.getTimestamp(metric.fieldIndex("window_end")).getTime() / 1000;
    }
}
