package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.VeritySpark;
import dev.verity.store.FairnessRecord;
import dev.verity.store.Recorded;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verity fairness} on generated logs: a true positive rate planted 0.10 lower for one group
 * is found, its gap significant and its value the one counted here from the generated rows; logs
 * drawn alike for both groups show no significant gap.
 */
class FairnessCommandTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    /** Counts of the rows written, per group: rows, positives, selected positives. */
    private final long[][] counted = new long[2][3];

    /**
     * 6,000 rows of group "a" and 4,000 of "b", 40% positive; a positive is selected (score at or
     * above 0.5) with probability {@code tprA} or {@code tprB}, a negative with 0.2.
     */
    private void write(String name, long seed, double tprA, double tprB) throws Exception {
        Random random = new Random(seed);
        StringBuilder p = new StringBuilder("prediction_id,ts,model,model_version,score,gender\n");
        StringBuilder l = new StringBuilder("prediction_id,label,label_ts\n");
        for (int i = 0; i < 10_000; i++) {
            int group = i % 5 < 3 ? 0 : 1;
            boolean positive = random.nextDouble() < 0.4;
            double rate = positive ? (group == 0 ? tprA : tprB) : 0.2;
            boolean selected = random.nextDouble() < rate;
            double score = selected ? 0.5 + random.nextDouble() / 2 : random.nextDouble() / 2 * 0.999;
            Instant ts = START.plusSeconds(i * 8L);
            p.append("p")
                    .append(i)
                    .append(',')
                    .append(ts)
                    .append(",m,v1,")
                    .append(score)
                    .append(',');
            p.append(group == 0 ? "a" : "b").append('\n');
            l.append("p")
                    .append(i)
                    .append(',')
                    .append(positive ? 1 : 0)
                    .append(',')
                    .append(ts.plusSeconds(60));
            l.append('\n');
            counted[group][0]++;
            counted[group][1] += positive ? 1 : 0;
            counted[group][2] += positive && selected ? 1 : 0;
        }
        Path predictions = dir.resolve(name + "-p.csv");
        Path labels = dir.resolve(name + "-l.csv");
        Files.writeString(predictions, p);
        Files.writeString(labels, l);
    }

    /** {@code verity fairness} of gender on the logs {@link #write} wrote under {@code name}, with {@code extra}. */
    private CliRunner.Result fairness(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "fairness",
                "--predictions",
                dir.resolve(name + "-p.csv").toString(),
                "--labels",
                dir.resolve(name + "-l.csv").toString(),
                "--protected",
                "gender"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** {@code verity evaluate} of the logs {@link #write} wrote under {@code name} into {@code store}, with {@code extra}. */
    private void evaluate(String name, String store, String... extra) {
        CliRunner.Result evaluated = CliRunner.run(CliRunner.evaluate(
                dir.resolve(name + "-p.csv").toString(),
                dir.resolve(name + "-l.csv").toString(),
                store,
                extra));
        assertThat(evaluated.code()).as(evaluated.err()).isIn(0, 3);
    }

    private List<JsonNode> measured(String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(List.of("--format", "json"));
        CliRunner.Result result = fairness(name, args.toArray(String[]::new));
        assertThat(result.code()).as(result.err()).isIn(0, 3);
        List<JsonNode> rows = new ArrayList<>();
        new ObjectMapper().readTree(result.out()).forEach(rows::add);
        return rows;
    }

    private static JsonNode row(List<JsonNode> rows, String group, String measure) {
        return rows.stream()
                .filter(r -> r.get("group").asText().equals(group)
                        && r.get("measure").asText().equals(measure))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + measure + " of " + group));
    }

    @Test
    void aPlantedTruePositiveGapIsFoundSignificant() throws Exception {
        write("planted", 3, 0.75, 0.65);
        List<JsonNode> rows = measured("planted");
        // the reference is the largest group, "a"; every row says so
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.get("reference_group").asText()).isEqualTo("a"));
        double tprA = (double) counted[0][2] / counted[0][1];
        double tprB = (double) counted[1][2] / counted[1][1];
        assertThat(row(rows, "a", "tpr").get("value").asDouble()).isCloseTo(tprA, within(1e-12));
        assertThat(row(rows, "b", "tpr").get("value").asDouble()).isCloseTo(tprB, within(1e-12));
        JsonNode gap = row(rows, "b", "equal_opportunity_difference");
        assertThat(gap.get("value").asDouble()).isCloseTo(tprB - tprA, within(1e-12));
        assertThat(gap.get("significant").asBoolean()).isTrue();
        assertThat(gap.get("ci_high").asDouble()).isLessThan(0);
        assertThat(gap.get("ci_low").asDouble()).isLessThan(-0.10).isGreaterThan(-0.2);
        assertThat(gap.get("rows").asLong()).isEqualTo(counted[1][0]);
        // the reference group has its rates, no gaps to itself
        assertThat(rows.stream().filter(r -> r.get("group").asText().equals("a")))
                .extracting(r -> r.get("measure").asText())
                .containsExactly("selection_rate", "tpr", "fpr", "precision", "auc", "calibration_ratio");
        String store = dir.resolve("store").toString();
        CliRunner.Result stored = fairness("planted", "--store", store);
        assertThat(stored.code()).as(stored.err()).isZero();
        List<FairnessRecord> kept = new StoreReader(store, VeritySpark.hadoopConfiguration())
                .latest().fairness().stream().map(Recorded::record).toList();
        assertThat(kept).hasSize(rows.size());
        assertThat(kept)
                .filteredOn(r -> r.group().equals("b") && r.measure().equals("equal_opportunity_difference"))
                .singleElement()
                .satisfies(r -> assertThat(r.significant()).isTrue());
        // serve exports the same verdict
        StoreState state = StoreState.load(
                new StoreReader(store, VeritySpark.hadoopConfiguration()).latest(), ExportSettings.defaults(100));
        assertThat(state.fairness())
                .filteredOn(r -> r.group().equals("b") && r.measure().equals("equal_opportunity_difference"))
                .singleElement()
                .satisfies(r -> assertThat(r.significant()).isTrue());
        assertThat(PrometheusView.of(state, Map.of()).stream()
                        .map(m -> m.getMetadata().getPrometheusName())
                        .toList())
                .contains("verity_fairness_value", "verity_fairness_ci_low", PrometheusView.FAIRNESS_SIGNIFICANT);
        // the report shows the attribute with the gap marked
        String html =
                HtmlReport.render(ReportData.load(new StoreReader(store, VeritySpark.hadoopConfiguration()).latest()));
        assertThat(html).contains("<section id=\"fairness\">", "m: gender (reference group a)", "<tr class=\"worse\">");
        // advise cites the gap as evidence for the version
        evaluate("planted", store);
        CliRunner.Result advised = CliRunner.run("advise", "--store", store, "--model", "m");
        assertThat(advised.out())
                .as(advised.err())
                .contains(
                        "fairness: 4 of 6 gaps to the reference groups significant", "equal_opportunity_difference of");
        CliRunner.Result failing = fairness("planted", "--fail-on", "bias");
        assertThat(failing.code()).isEqualTo(FailOn.EXIT_CODE);
    }

    /** From what evaluate --slice-by stored, without the logs: the same measures, values and intervals. */
    @Test
    void whatEvaluateStoredGivesTheSameMeasuresAsTheLogs() throws Exception {
        write("stored", 7, 0.75, 0.65);
        List<JsonNode> fromLogs = measured("stored");
        String store = dir.resolve("evaluated").toString();
        evaluate("stored", store, "--slice-by", "gender");
        CliRunner.Result result =
                CliRunner.run("fairness", "--store", store, "--protected", "gender", "--format", "json");
        assertThat(result.code()).as(result.err()).isIn(0, 3);
        List<JsonNode> fromStore = new ArrayList<>();
        new ObjectMapper().readTree(result.out()).forEach(fromStore::add);
        assertThat(fromStore).hasSameSizeAs(fromLogs);
        for (JsonNode expected : fromLogs) {
            JsonNode got = row(
                    fromStore,
                    expected.get("group").asText(),
                    expected.get("measure").asText());
            for (String column : List.of("value", "ci_low", "ci_high")) {
                if (expected.get(column).isNull()) {
                    assertThat(got.get(column).isNull()).as(expected.toString()).isTrue();
                } else {
                    assertThat(got.get(column).asDouble())
                            .as(column + " of " + expected)
                            .isCloseTo(expected.get(column).asDouble(), within(1e-9));
                }
            }
            assertThat(got.get("significant")).isEqualTo(expected.get("significant"));
            assertThat(got.get("rows")).isEqualTo(expected.get("rows"));
        }
        // the run is recorded in the store it read
        assertThat(new StoreReader(store, VeritySpark.hadoopConfiguration())
                        .latest()
                        .fairness())
                .hasSize(fromLogs.size());
        CliRunner.Result otherThreshold =
                CliRunner.run("fairness", "--store", store, "--protected", "gender", "--threshold", "0.7");
        assertThat(otherThreshold.code()).isEqualTo(2);
        assertThat(otherThreshold.err()).contains("evaluate selected at 0.5");
        CliRunner.Result unsliced = CliRunner.run("fairness", "--store", store, "--protected", "age_band");
        assertThat(unsliced.code()).isEqualTo(2);
        assertThat(unsliced.err()).contains("evaluate with --slice-by age_band first");
    }

    @Test
    void groupsDrawnAlikeHaveNoSignificantGap() throws Exception {
        write("alike", 5, 0.7, 0.7);
        List<JsonNode> rows = measured("alike", "--reference-group", "b");
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.get("reference_group").asText()).isEqualTo("b"));
        assertThat(rows.stream()
                        .filter(r -> r.get("significant") != null
                                && !r.get("significant").isNull()))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("significant").asBoolean())
                        .as(r.toString())
                        .isFalse());
        CliRunner.Result unknown = fairness("alike", "--reference-group", "z");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no group z");
    }
}
