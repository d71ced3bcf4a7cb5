package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.serve.MetricsServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the demo's store, the canary reads the same on every surface: {@code compare} with only
 * the required flags, {@code advise}, the report and serve's {@code /metrics} judge the same
 * window and give the same numbers and verdicts, and every live version gets its own advice.
 */
class DemoAgreementTest {
    @TempDir
    static Path dir;

    private static String store;
    private static String scrape;
    private static String report;
    private static String console;

    @BeforeAll
    static void runTheDemoAndServeIt() throws Exception {
        Path demo = dir.resolve("verity-demo");
        CliRunner.Result ran = CliRunner.run("demo", "--rows", "20000", "--queries", "2000", "--out", demo.toString());
        assertThat(ran.code()).as(ran.err()).isZero();
        console = ran.out();
        store = demo.resolve("store").toString();
        Process serve = CliRunner.process(dir, "serve", Map.of(), "serve", "--store", store, "--port", "0");
        try {
            String base = ServeCommandTest.awaitReady(serve, dir.resolve("serve.err"));
            scrape = ServeCommandTest.get(base + MetricsServer.METRICS).body();
            report = ServeCommandTest.get(base + MetricsServer.REPORT).body();
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theDemoPrintsForPeopleWithin120ColumnsAndCutsLongListsToTheirTop() {
        // a line naming the demo's folder is as long as the folder the user chose
        assertThat(console.lines()
                        .filter(l -> !l.contains(dir.toString()))
                        .filter(l -> l.length() > TableOutput.MAX_WIDTH))
                .as("lines wider than a terminal")
                .isEmpty();
        assertThat(console.lines().filter(l -> l.matches("\\S+ +[\\d.]+ +[\\d.]+ +[\\d.]+")))
                .as("replay mismatches shown")
                .hasSizeLessThanOrEqualTo(ResultText.TOP);
        assertThat(console).containsPattern("\\.\\.\\. [\\d,]+ more \\(replay --format csv lists them all\\)");
    }

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** The samples of {@code family}, each its labels (and "value"). */
    private static List<Map<String, String>> samples(String family) {
        return scrape.lines()
                .map(SAMPLE::matcher)
                .filter(m -> m.matches() && m.group(1).equals(family))
                .map(m -> {
                    Map<String, String> labels = new HashMap<>();
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                    labels.put("value", m.group(3));
                    return labels;
                })
                .toList();
    }

    private static String key(Map<String, String> s) {
        return s.get("model") + "|" + s.get("baseline") + "|" + s.get("candidate") + "|" + s.get("slice") + "|"
                + s.get("metric");
    }

    private static Map<String, Map<String, String>> byKey(String family) {
        Map<String, Map<String, String>> out = new HashMap<>();
        samples(family).forEach(s -> out.put(key(s), s));
        return out;
    }

    @Test
    void compareAdviseTheReportAndMetricsGiveTheCanarySameVerdictAndNumbers() throws Exception {
        Map<String, Map<String, String>> delta = byKey("verity_canary_delta");
        Map<String, Map<String, String>> low = byKey("verity_canary_ci_low");
        Map<String, Map<String, String>> high = byKey("verity_canary_ci_high");
        Map<String, Map<String, String>> verdict = byKey("verity_canary_verdict");
        Set<String> canaries = new LinkedHashSet<>();
        delta.values().forEach(s -> canaries.add(s.get("model") + "|" + s.get("baseline") + "|" + s.get("candidate")));
        assertThat(canaries).contains("match-success|v1|v3");

        ObjectMapper json = new ObjectMapper();
        for (String canary : canaries) {
            String[] mbc = canary.split("\\|");
            CliRunner.Result compared = CliRunner.run(
                    "compare",
                    "--store",
                    store,
                    "--model",
                    mbc[0],
                    "--baseline",
                    mbc[1],
                    "--candidate",
                    mbc[2],
                    "--format",
                    "json");
            assertThat(compared.code()).as(compared.err()).isZero();
            assertThat(compared.err()).contains("judged ").contains("the window advise, the report and serve judge");
            Set<String> compareKeys = new LinkedHashSet<>();
            Set<String> worseOnAuc = new LinkedHashSet<>();
            for (JsonNode row : json.readTree(compared.out())) {
                String key = canary + "|" + row.get("slice").asText() + "|"
                        + row.get("metric").asText();
                compareKeys.add(key);
                String v = row.get("verdict").asText();
                if (v.equals("worse") && row.get("metric").asText().equals("auc")) {
                    worseOnAuc.add(row.get("slice").asText());
                }
                if (v.equals("worse") || v.equals("better")) {
                    // the report shows every notable row, with compare's numbers
                    assertThat(report)
                            .contains("<tr class=\"" + v + "\"><td>" + mbc[0] + "</td><td>" + mbc[2] + " vs " + mbc[1]
                                    + "</td><td>" + row.get("slice").asText() + "</td><td>"
                                    + row.get("metric").asText() + "</td>")
                            .contains(String.format(
                                    Locale.ROOT,
                                    "%.4f [%.4f, %.4f]",
                                    row.get("delta").asDouble(),
                                    row.get("ci_low").asDouble(),
                                    row.get("ci_high").asDouble()));
                }
                if (delta.containsKey(key)) {
                    assertThat(Double.parseDouble(delta.get(key).get("value")))
                            .isEqualTo(row.get("delta").asDouble());
                    assertThat(Double.parseDouble(low.get(key).get("value")))
                            .isEqualTo(row.get("ci_low").asDouble());
                    assertThat(Double.parseDouble(high.get(key).get("value")))
                            .isEqualTo(row.get("ci_high").asDouble());
                    assertThat(verdict.get(key).get("verdict")).as(key).isEqualTo(v);
                }
            }
            assertThat(compareKeys)
                    .as("every exported comparison is one compare prints")
                    .containsAll(delta.keySet().stream()
                            .filter(k -> k.startsWith(canary + "|"))
                            .toList());

            CliRunner.Result advised = CliRunner.run("advise", "--store", store, "--model", mbc[0], "--format", "json");
            assertThat(advised.code()).as(advised.err()).isZero();
            Map<String, String> action = new HashMap<>();
            Map<String, String> evidence = new HashMap<>();
            for (JsonNode row : json.readTree(advised.out())) {
                action.put(row.get("model_version").asText(), row.get("action").asText());
                evidence.put(
                        row.get("model_version").asText(), row.get("evidence").asText());
            }
            assertThat(action).as("each live version advised").containsKeys(mbc[1], mbc[2]);
            assertThat(action.get(mbc[2])).isEqualTo(worseOnAuc.isEmpty() ? action.get(mbc[2]) : "rollback");
            assertThat(action.get(mbc[2]).equals("rollback")).isEqualTo(!worseOnAuc.isEmpty());
            for (String slice : worseOnAuc) {
                assertThat(evidence.get(mbc[2]))
                        .contains("canary " + mbc[2] + " vs " + mbc[1] + " on " + slice + ": auc");
            }
            assertThat(evidence.get(mbc[1])).doesNotContain("canary " + mbc[2]);
            for (Map.Entry<String, String> a : action.entrySet()) {
                assertThat(scrape)
                        .contains("verity_retrain_advice{action=\"" + a.getValue() + "\",model=\"" + mbc[0]
                                + "\",model_version=\"" + a.getKey() + "\"} 1.0");
                assertThat(report)
                        .contains("<div class=\"advice " + a.getValue() + "\"><span class=\"action\">"
                                + a.getValue().replace('_', ' ') + "</span> " + mbc[0] + " " + a.getKey() + ":");
            }
        }
    }
}
