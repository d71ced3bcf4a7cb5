package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verity.drift.loss.FindingKind;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.metrics.anomaly.SeasonalBaseline;
import dev.verity.store.FairnessRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.ReplayComparison;
import dev.verity.store.SliceRecord;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.anomaly.Anomalies;
import dev.verity.store.canary.CanaryAnalysis;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.Objective;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.Severity;
import dev.verity.store.prometheus.StoreState;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Grafana dashboards and alert rules ask only for metrics that serve exports, from the provisioned datasource. */
class DashboardsTest {
    private static final Path DASHBOARDS = Path.of("..", "dashboards");
    private static final Pattern METRIC = Pattern.compile("verity_[a-z0-9_]+");

    /** Every metric name the exporter can emit, from a state with one point of every kind. */
    static Set<String> exportedNames() {
        Timestamp t = new Timestamp(0);
        List<ReplayComparison> replay = new ArrayList<>();
        for (String metric : List.of(
                "rows", "mismatches", "pairs", "live_score_missing", "max_abs_difference", "mean_abs_difference")) {
            replay.add(ReplayComparison.agreement("m", metric, 1.0, 1, null));
        }
        replay.add(
                new ReplayComparison("m", "a", "b", "all", "auc", 0.7, 0.8, 0.1, 0.05, 0.15, 0.01, "better", 10, null));
        StoreState.MetricPoint series = new StoreState.MetricPoint("m", "v1", "all", "auc", 0.8, 0.8, 10, t, true);
        StoreState state = new StoreState(
                List.of(series),
                Map.of("m", 0L),
                100,
                List.of(new StoreState.DriftPoint("m", "f", "ks", 0.2, 0.01, 0.05, true, false)),
                Map.of("m", Map.of("row_count_drop", 1L)),
                replay,
                List.of(new CanaryAnalysis.Result(
                        "m",
                        "v1",
                        "v2",
                        new CanaryAnalysis.Window(t, t),
                        "all",
                        "auc",
                        0.8,
                        0.7,
                        UnpairedComparison.of(0.8, 0.01, 0.7, 0.02, true),
                        100,
                        10,
                        null)),
                List.of(new SliceRecord(
                        "m", "v1", t, t, "a=x,b=y", 100, "log_loss", 0.9, 0.5, 0.4, 0.2, 0.6, 0.3, 0.6, 0.7)),
                List.of(new StoreState.JobRuns("evaluate", Map.of("succeeded", 1L), Map.of("read", 1L), t, t, 1.0)),
                List.of(new RetrainAdvice.Advice("m", "v1", RetrainAdvice.Action.WATCH, "why", List.of(), false)),
                List.of(
                        new Objective.Threshold(series, Objective.Bound.MIN, 0.7, Severity.CRITICAL),
                        new Objective.Threshold(series, Objective.Bound.MAX, 0.9, Severity.WARNING)),
                List.of(new Anomalies.Judgement(
                        new MetricRecord("m", "v1", "binary", t, t, "all", "auc", 0.6, 10, null, "r", t),
                        SeasonalBaseline.Season.DAY_OF_WEEK,
                        0.8,
                        0.75,
                        0.85,
                        1e-6,
                        1e-5,
                        true)),
                List.of(new FairnessRecord(
                        "m",
                        "v1",
                        "gender",
                        "f",
                        "m",
                        t,
                        t,
                        "equal_opportunity_difference",
                        -0.1,
                        -0.15,
                        -0.05,
                        true,
                        100)),
                List.of(new SwitchbackRecord(
                        "m",
                        "v1",
                        "v2",
                        "outcome_rate",
                        t,
                        t,
                        24,
                        24,
                        100,
                        0.3,
                        0.32,
                        0.02,
                        0.01,
                        0.03,
                        0.001,
                        0.002,
                        null)),
                ExportSettings.DEFAULT_JOB_PERIODS);
        Set<String> names = new HashSet<>();
        for (MetricSnapshot s : PrometheusView.of(
                        state,
                        Map.of(
                                StoreWatcher.RELOADS,
                                1.0,
                                StoreWatcher.RELOAD_ERRORS,
                                0.0,
                                StoreWatcher.LAST_RELOAD,
                                1.0))
                .stream()
                .toList()) {
            names.add(s.getMetadata().getPrometheusName() + (s instanceof CounterSnapshot ? "_total" : ""));
        }
        return names;
    }

    private static Set<String> namesIn(String text) {
        Set<String> names = new HashSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void everyPanelQueriesExportedMetricsThroughTheDashboardsDatasourceVariable() throws IOException {
        Set<String> exported = exportedNames();
        JsonNode datasource = new ObjectMapper(new YAMLFactory())
                .readTree(DASHBOARDS
                        .resolve("grafana/provisioning/datasources/verity.yaml")
                        .toFile())
                .get("datasources")
                .get(0);
        assertThat(datasource.has("isDefault"))
                .as("an existing Grafana keeps its default")
                .isFalse();
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS.resolve("grafana/dashboards"))) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
            assertThat(uids.add(dashboard.get("uid").asText()))
                    .as("unique uid in " + file)
                    .isTrue();
            assertThat(dashboard.get("schemaVersion").asInt())
                    .as(file.toString())
                    .isGreaterThanOrEqualTo(42);
            // Importable anywhere: a Prometheus input, and a datasource variable every query goes through.
            assertThat(dashboard.get("__inputs").findValuesAsText("pluginId")).contains("prometheus");
            Map<String, JsonNode> variables = new java.util.LinkedHashMap<>();
            dashboard
                    .get("templating")
                    .get("list")
                    .forEach(v -> variables.put(v.get("name").asText(), v));
            assertThat(variables).as(file.toString()).containsKeys("datasource", "model");
            assertThat(variables.get("datasource").get("type").asText()).isEqualTo("datasource");
            assertThat(variables.get("datasource").get("query").asText()).isEqualTo("prometheus");
            assertThat(dashboard.get("panels").size()).as(file.toString()).isGreaterThanOrEqualTo(5);
            for (JsonNode panel : dashboard.get("panels")) {
                assertThat(panel.get("datasource").get("uid").asText())
                        .as(file + " " + panel.get("title"))
                        .isEqualTo("${datasource}");
                assertThat(panel.get("description").asText())
                        .as("a description for " + panel.get("title"))
                        .isNotBlank();
                for (JsonNode target : panel.get("targets")) {
                    String expr = target.get("expr").asText();
                    assertThat(target.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
                    assertThat(exported).as(file.getFileName() + ": " + expr).containsAll(namesIn(expr));
                    // A query of a model's series names the model, so models never add up.
                    if (namesIn(expr).stream().anyMatch(DashboardsTest::perModel)) {
                        assertThat(expr).as(file.getFileName() + ": " + expr).contains("$model");
                    }
                }
            }
            for (JsonNode variable : variables.values()) {
                if (variable.get("type").asText().equals("query")) {
                    String query = variable.get("query").get("query").asText();
                    assertThat(exported).as(query).containsAll(namesIn(query));
                }
            }
        }
    }

    /** Whether a metric's series carry a model label (the jobs' and the exporter's own do not). */
    private static boolean perModel(String metric) {
        return !metric.startsWith("verity_last_")
                && !metric.startsWith("verity_runs")
                && !metric.startsWith("verity_input_rows")
                && !metric.startsWith("verity_exporter_")
                && !metric.equals("verity_job_period_seconds");
    }

    @Test
    void theDataLossAlertWatchesExactlyTheDataLossKinds() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(DASHBOARDS.resolve("prometheus/verity-alerts.yml").toFile())
                .get("groups")
                .get(0)
                .get("rules");
        String expr = null;
        for (JsonNode rule : rules) {
            if (rule.get("alert").asText().equals("VerityDataLoss")) {
                expr = rule.get("expr").asText();
            }
        }
        java.util.regex.Matcher kinds =
                java.util.regex.Pattern.compile("kind=~\"([^\"]+)\"").matcher(String.valueOf(expr));
        assertThat(kinds.find()).as(expr).isTrue();
        assertThat(Set.of(kinds.group(1).split("\\|")))
                .isEqualTo(java.util.Arrays.stream(FindingKind.values())
                        .filter(FindingKind::isDataLoss)
                        .map(FindingKind::id)
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void everyAlertRuleWatchesAnExportedMetricRoutesBySeverityAndLinksItsRunbook() throws IOException {
        Set<String> exported = exportedNames();
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(DASHBOARDS.resolve("prometheus/verity-alerts.yml").toFile())
                .get("groups")
                .get(0)
                .get("rules");
        String tests = Files.readString(DASHBOARDS.resolve("prometheus/verity-alerts.test.yml"));
        String runbooks;
        try (java.io.InputStream page = MetricsServer.class.getResourceAsStream("runbooks.html")) {
            runbooks = new String(page.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Set<String> severities = java.util.Arrays.stream(Severity.values())
                .map(Severity::id)
                .collect(java.util.stream.Collectors.toSet());
        assertThat(rules.size()).isEqualTo(12);
        for (JsonNode rule : rules) {
            String name = rule.get("alert").asText();
            String expr = rule.get("expr").asText();
            assertThat(exported).as(name).containsAll(namesIn(expr));
            JsonNode annotations = rule.get("annotations");
            assertThat(annotations.get("summary").asText()).as(name).isNotBlank();
            assertThat(annotations.get("description").asText()).as(name).hasSizeGreaterThan(40);
            String anchor = name.toLowerCase(java.util.Locale.ROOT);
            assertThat(annotations.get("runbook_url").asText())
                    .as(name)
                    .endsWith(MetricsServer.RUNBOOKS + "#" + anchor);
            assertThat(runbooks).as(name).contains("<h2 id=\"" + anchor + "\">" + name + "</h2>");
            // A severity of its own, or its objective's (the threshold series carry it).
            if (rule.has("labels")) {
                assertThat(severities)
                        .as(name)
                        .contains(rule.get("labels").get("severity").asText());
            } else {
                assertThat(expr).as(name).containsPattern("verity_objective_(min|max)");
            }
            // promtool cases: it fires and resolves, and it stays quiet.
            assertThat(tests.split("alertname: " + name + "\n", -1).length - 1)
                    .as(name)
                    .isGreaterThanOrEqualTo(3);
        }
    }
}
