package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.TestSpark;
import dev.verity.metrics.PairedAuc;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verity compare} on a canary: v2 serves a fifth of the traffic of one day and is much
 * worse on web, as good elsewhere. The comparison's values are the store's, its interval is the
 * two standard errors in quadrature, and the verdicts follow.
 */
class CompareCommandTest {
    @TempDir
    static Path dir;

    private static String store;

    @BeforeAll
    static void evaluateACanary() throws Exception {
        StringBuilder p = new StringBuilder("prediction_id,ts,model,model_version,score,platform\n");
        StringBuilder l = new StringBuilder("prediction_id,label,label_ts\n");
        Random random = new Random(31);
        for (int i = 0; i < 5000; i++) {
            boolean canary = i % 5 == 0;
            String platform = i % 2 == 0 ? "web" : "app";
            int label = random.nextDouble() < 0.3 ? 1 : 0;
            double signal = canary && platform.equals("web") ? 0.2 : 1.5; // the canary barely ranks web
            double score = 1 / (1 + Math.exp(-(signal * (label - 0.5) * 2 + random.nextGaussian() - 0.8)));
            p.append("p")
                    .append(i)
                    .append(",2026-11-01T10:00:00Z,m,")
                    .append(canary ? "v2" : "v1")
                    .append(',');
            p.append(score).append(',').append(platform).append('\n');
            l.append("p").append(i).append(',').append(label).append(",2026-11-01T12:00:00Z\n");
        }
        Files.writeString(dir.resolve("p.csv"), p);
        Files.writeString(dir.resolve("l.csv"), l);
        store = dir.resolve("store").toString();
        CliRunner.Result evaluated = CliRunner.run(CliRunner.evaluate(
                dir.resolve("p.csv").toString(), dir.resolve("l.csv").toString(), store, "--slice-by", "platform"));
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
    }

    /** {@code verity compare} of v2 against v1 with {@code extra} arguments. */
    private static CliRunner.Result compare(String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "compare", "--store", store, "--model", "m", "--baseline", "v1", "--candidate", "v2"));
        args.addAll(java.util.Arrays.asList(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** The store's value of each version, slice and metric, from verity metrics. */
    private static Map<String, JsonNode> storeValues() throws Exception {
        CliRunner.Result metrics = CliRunner.run("metrics", "--store", store, "--model", "m", "--format", "json");
        assertThat(metrics.code()).as(metrics.err()).isZero();
        Map<String, JsonNode> values = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(metrics.out())) {
            values.put(
                    row.get("model_version").asText() + "|" + row.get("slice").asText() + "|"
                            + row.get("metric").asText(),
                    row);
        }
        return values;
    }

    @Test
    void theCanaryIsWorseOnWebAndTheIntervalIsTheStandardErrorsInQuadrature() throws Exception {
        CliRunner.Result compared = compare("--metric", "auc,log_loss,brier,normalized_entropy", "--format", "json");
        assertThat(compared.code()).as(compared.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(compared.out());
        assertThat(rows).hasSize(3 * 4); // all, platform=app, platform=web x 4 metrics
        Map<String, JsonNode> store = storeValues();
        Map<String, String> verdicts = new HashMap<>();
        for (JsonNode row : rows) {
            assertThat(row.fieldNames()).toIterable().containsExactlyElementsOf(CompareCommand.COLUMNS);
            String slice = row.get("slice").asText();
            String metric = row.get("metric").asText();
            double a = store.get("v1|" + slice + "|" + metric).get("value").asDouble();
            double b = store.get("v2|" + slice + "|" + metric).get("value").asDouble();
            double seA =
                    store.get("v1|" + slice + "|" + metric + "_se").get("value").asDouble();
            double seB =
                    store.get("v2|" + slice + "|" + metric + "_se").get("value").asDouble();
            double se = Math.sqrt(seA * seA + seB * seB);
            assertThat(row.get("baseline_value").asDouble()).isEqualTo(a);
            assertThat(row.get("candidate_value").asDouble()).isEqualTo(b);
            assertThat(row.get("delta").asDouble()).isCloseTo(b - a, within(1e-12));
            assertThat(row.get("ci_low").asDouble()).isCloseTo(b - a - 1.959964 * se, within(1e-12));
            assertThat(row.get("ci_high").asDouble()).isCloseTo(b - a + 1.959964 * se, within(1e-12));
            assertThat(row.get("min_detectable").asDouble()).isCloseTo(2.801585 * se, within(1e-6 * se));
            assertThat(row.get("n_baseline").asLong())
                    .isEqualTo(store.get("v1|" + slice + "|" + metric).get("n").asLong());
            verdicts.put(slice + "|" + metric, row.get("verdict").asText());
        }
        assertThat(verdicts).containsEntry("platform=web|auc", "worse").containsEntry("platform=web|log_loss", "worse");
        assertThat(verdicts.get("platform=app|auc")).isEqualTo("indistinguishable");
        assertThat(rows.get(0).get("n_candidate").asLong())
                .isLessThan(rows.get(0).get("n_baseline").asLong());
    }

    @Test
    void adviseRollsTheCanaryBackAndServeAndTheReportShowTheComparison() throws Exception {
        CliRunner.Result advice = CliRunner.run("advise", "--store", store, "--model", "m", "--fail-on", "rollback");
        assertThat(advice.code()).as(advice.err()).isEqualTo(3);
        assertThat(advice.out())
                .contains("ROLLBACK", "the canary v2 is significantly worse than v1 on all, platform=web")
                .contains("canary v2 vs v1 on platform=web: auc");

        EvaluationStore evaluationStore = new EvaluationStore(TestSpark.spark(), store);
        StoreState state = StoreState.load(evaluationStore.snapshot(), ExportSettings.defaults(100));
        assertThat(state.canary()).anySatisfy(r -> {
            assertThat(r.slice()).isEqualTo("platform=web");
            assertThat(r.metric()).isEqualTo("auc");
            assertThat(r.baseline()).isEqualTo("v1");
            assertThat(r.comparison().verdict()).isEqualTo(PairedAuc.Verdict.WORSE);
        });
        String metrics = PrometheusView.of(state, Map.of()).stream()
                .map(m -> m.getMetadata().getPrometheusName())
                .distinct()
                .reduce("", (a, b) -> a + " " + b);
        assertThat(metrics)
                .contains(
                        "verity_canary_delta",
                        "verity_canary_ci_low",
                        "verity_canary_ci_high",
                        "verity_canary_min_detectable");

        String html = HtmlReport.render(ReportData.load(evaluationStore.snapshot()));
        assertThat(html)
                .contains("<section id=\"canary\">", "v2 vs v1", "<tr class=\"worse\">", "ROLLBACK".toLowerCase());
    }

    @Test
    void whatCannotBeComparedExitsTwoSayingWhy() {
        CliRunner.Result metric = compare("--metric", "f1");
        assertThat(metric.code()).isEqualTo(2);
        assertThat(metric.err()).contains("--metric: 'f1' cannot be compared");
        CliRunner.Result version =
                CliRunner.run("compare", "--store", store, "--model", "m", "--baseline", "v1", "--candidate", "v9");
        assertThat(version.code()).isEqualTo(2);
        assertThat(version.err()).contains("no version of m 'v9' in the store; nearest: v1, v2");
        CliRunner.Result model =
                CliRunner.run("compare", "--store", store, "--model", "n", "--baseline", "v1", "--candidate", "v2");
        assertThat(model.code()).isEqualTo(2);
        assertThat(model.err()).contains("no model 'n' in the store; nearest: m");
        CliRunner.Result period = compare("--period", "2026-10-01/2026-10-02");
        assertThat(period.code()).isEqualTo(2);
        assertThat(period.err()).contains("share no window starting 2026-10-01T00:00:00Z");
        // the spelling before the rename still works for a release, with a warning
        CliRunner.Result window = compare("--window", "2026-10-01");
        assertThat(window.code()).isEqualTo(2);
        assertThat(window.err())
                .contains("compare --window START is now --period START/END")
                .contains("share no window starting 2026-10-01T00:00:00Z");
    }

    @Test
    void compareSaysWhichWindowItJudgedAndWhy() {
        CliRunner.Result table = compare();
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("judged 2026-11-01T00:00:00Z to 2026-11-02T00:00:00Z: the longest window both versions")
                .contains("the window advise, the report and serve judge")
                .contains("fewer than 100 candidate rows gets no verdict");
        assertThat(table.out().lines().findFirst().orElseThrow())
                .as("which state of the store")
                .startsWith("store " + store + " at metrics version 0 (committed ")
                .endsWith(", the latest");
        CliRunner.Result csv = compare("--format", "csv");
        assertThat(csv.out()).startsWith("window_start,");
        assertThat(csv.err()).contains("judged 2026-11-01T00:00:00Z to 2026-11-02T00:00:00Z");
        CliRunner.Result asked = compare("--period", "2026-11-01/2026-11-02", "--format", "csv");
        assertThat(asked.code()).as(asked.err()).isZero();
        assertThat(asked.out()).isEqualTo(csv.out());
        assertThat(asked.err()).contains("the window asked for");
    }
}
