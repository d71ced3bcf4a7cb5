package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.VeritySpark;
import dev.verity.metrics.estimate.ConfidenceBasedEstimate;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.Objective;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.Severity;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verity estimate} on generated logs whose scores are calibrated, as the issue's
 * simulation asks: the label's probability is the score. Two labelled days calibrate (the
 * isotonic fit still estimates it); then 100 hourly windows drift in the scores' mean, and the
 * last five hours' labels have not arrived.
 */
class EstimateCommandTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int REFERENCE_HOURS = 48;
    private static final int HOURS = 100;
    private static final int UNLABELLED_HOURS = 5;

    @TempDir
    static Path dir;

    private static String predictions;
    private static String labels;

    @BeforeAll
    static void write() throws Exception {
        Random random = new Random(15);
        List<String> p = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,segment"));
        List<String> l = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        int id = 0;
        for (int hour = 0; hour < REFERENCE_HOURS + HOURS; hour++) {
            double shift = hour < REFERENCE_HOURS ? 0 : Math.sin(hour / 7.0) - 0.3;
            Instant ts = START.plus(hour, ChronoUnit.HOURS);
            for (int i = 0; i < (hour < REFERENCE_HOURS ? 400 : 600); i++, id++) {
                double z = random.nextGaussian() + shift - 0.8;
                double score = Math.round(1e4 / (1 + Math.exp(-z))) / 1e4;
                int label = random.nextDouble() < score ? 1 : 0;
                p.add(String.format(
                        Locale.ROOT, "p%d,%s,m,v1,%s,%s", id, ts.plusSeconds(i), score, i % 2 == 0 ? "web" : "app"));
                if (hour < REFERENCE_HOURS + HOURS - UNLABELLED_HOURS) {
                    l.add("p" + id + "," + label + "," + ts.plus(1, ChronoUnit.DAYS));
                }
            }
        }
        predictions = Files.write(dir.resolve("p.csv"), p).toString();
        labels = Files.write(dir.resolve("l.csv"), l).toString();
    }

    private static CliRunner.Result estimate(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "estimate",
                "--predictions",
                predictions,
                "--labels",
                labels,
                "--reference-period",
                "2026-11-01/2026-11-03",
                "--window",
                "1h"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void theRealizedValueFallsWithinTheEstimatesIntervalInAtLeast90PercentOfWindows() throws Exception {
        CliRunner.Result result = estimate("--format", "json");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).contains("m v1 calibrated on 19,200 labelled predictions");
        Map<String, int[]> coverage = new TreeMap<>(); // metric: windows compared, windows covered
        int unlabelled = 0;
        int flagged = 0;
        for (JsonNode row : new ObjectMapper().readTree(result.out())) {
            if (!row.get("slice").asText().equals("all")
                    || Instant.parse(row.get("window_start").asText())
                            .isBefore(START.plus(REFERENCE_HOURS, ChronoUnit.HOURS))) {
                continue;
            }
            assertThat(row.get("rows").asLong()).isEqualTo(600);
            if (row.get("labelled").asLong() == 0) {
                // labels delayed: the estimate stands alone, and nothing can doubt it
                assertThat(row.get("realized").isNull()).isTrue();
                assertThat(row.get("relation_changed").isNull()).isTrue();
                assertThat(row.get("estimated").asDouble()).isBetween(0.0, 1.0);
                unlabelled++;
                continue;
            }
            assertThat(row.get("labelled").asLong()).isEqualTo(600);
            double realized = row.get("realized").asDouble();
            // the scores shifted, the relation of labels to scores did not: the estimate holds
            flagged += row.get("relation_changed").asBoolean() ? 1 : 0;
            int[] counts = coverage.computeIfAbsent(row.get("metric").asText(), m -> new int[2]);
            counts[0]++;
            counts[1] += realized >= row.get("ci_low").asDouble()
                            && realized <= row.get("ci_high").asDouble()
                    ? 1
                    : 0;
        }
        assertThat(unlabelled).isEqualTo(UNLABELLED_HOURS * ConfidenceBasedEstimate.METRICS.size());
        assertThat(flagged)
                .as("windows whose labels doubt the estimate (99%: about 1 in 100)")
                .isLessThanOrEqualTo((HOURS - UNLABELLED_HOURS) * ConfidenceBasedEstimate.METRICS.size() / 20);
        assertThat(coverage.keySet())
                .containsExactlyInAnyOrderElementsOf(ConfidenceBasedEstimate.METRICS.stream()
                        .map(m -> ConfidenceBasedEstimate.PREFIX + m)
                        .toList());
        coverage.forEach((metric, counts) -> {
            assertThat(counts[0]).isEqualTo(HOURS - UNLABELLED_HOURS);
            assertThat(counts[1] / (double) counts[0]).as(metric).isGreaterThanOrEqualTo(0.9);
        });
    }

    /** Six hours after the reference: the full run's estimates of those hours, calibrated on the same reference. */
    @Test
    void aRangeGetsTheEstimatesOfItsWindows() {
        CliRunner.Result range =
                estimate("--from", "2026-11-05T00:00:00Z", "--until", "2026-11-05T06:00:00Z", "--format", "csv");
        assertThat(range.code()).as(range.err()).isZero();
        assertThat(range.err()).contains("m v1 calibrated on 19,200 labelled predictions");
        List<String> all = estimate("--format", "csv").out().lines().toList();
        List<String> expected = all.stream()
                .filter(line -> line.startsWith("model,")
                        || line.split(",")[2].compareTo("2026-11-05T00") >= 0
                                && line.split(",")[2].compareTo("2026-11-05T06") < 0)
                .toList();
        assertThat(expected).hasSize(1 + 6 * ConfidenceBasedEstimate.METRICS.size());
        assertThat(range.out().lines().toList()).isEqualTo(expected);
    }

    @Test
    void slicesAreEstimatedAndTheStoreKeepsEstimatesWithTheirIntervals() {
        String store = dir.resolve("store").toString();
        CliRunner.Result result = estimate("--slice-by", "segment", "--store", store, "--format", "csv");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains(",segment=web,").contains(",segment=app,");

        EvaluationStore evaluationStore = new EvaluationStore(TestSpark.spark(), store);
        List<Row> auc = evaluationStore
                .metrics()
                .filter(
                        "metric LIKE 'estimated_auc%' AND slice = 'segment=web' AND window_start = '2026-11-05 03:00:00'")
                .orderBy("metric")
                .collectAsList();
        assertThat(auc)
                .extracting(r -> r.<String>getAs("metric"))
                .containsExactly(
                        "estimated_auc",
                        "estimated_auc_ci_high",
                        "estimated_auc_ci_low",
                        "estimated_auc_relation_changed");
        double value = auc.get(0).getAs("value");
        assertThat(auc.get(2).<Double>getAs("value")).isLessThan(value);
        assertThat(auc.get(1).<Double>getAs("value")).isGreaterThan(value);
        assertThat(auc.get(0).<Long>getAs("n")).isEqualTo(300);
        // exported before any label arrives, with an objective's threshold to alert on
        StoreSnapshot snapshot = new StoreReader(store, VeritySpark.hadoopConfiguration()).latest();
        ExportSettings settings = new ExportSettings(
                100,
                ExportSettings.BASELINE_DAYS,
                List.of(new Objective("m", "*", "estimated_auc", 0.99, null, null, null, Severity.WARNING)),
                ExportSettings.DEFAULT_JOB_PERIODS);
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create()
                    .write(exported, PrometheusView.of(StoreState.load(snapshot, settings), Map.of()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String labels = "{metric=\"estimated_auc\",model=\"m\",model_version=\"v1\",slice=\"segment=web\"}";
        assertThat(exported.toString(StandardCharsets.UTF_8))
                .contains(PrometheusView.MODEL_METRIC + labels)
                .contains("verity_objective_min{metric=\"estimated_auc\",model=\"m\",model_version=\"v1\","
                        + "severity=\"warning\",slice=\"segment=web\"} 0.99");
        assertThat(HtmlReport.render(ReportData.load(snapshot)))
                .contains("<h2>Estimated AUC while labels are delayed</h2>")
                .contains("<td>2026-11-05</td>");
        assertThat(evaluationStore.runs().collectAsList())
                .extracting(r -> r.<String>getAs("job") + ":" + r.<String>getAs("status"))
                .containsExactly("estimate:succeeded");
    }

    @Test
    void aReferenceWithoutLabelsOrMalformedIsABadInput() {
        CliRunner.Result empty = CliRunner.run(
                "estimate",
                "--predictions",
                predictions,
                "--labels",
                labels,
                "--reference-period",
                "2027-01-01/2027-01-02");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("the reference period 2027-01-01T00:00:00Z/");
        CliRunner.Result malformed = CliRunner.run(
                "estimate", "--predictions", predictions, "--labels", labels, "--reference", "2026-11-01");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("is not START/END");
        CliRunner.Result missing = CliRunner.run("estimate", "--predictions", predictions, "--labels", labels);
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--reference-period'");
    }

    /**
     * A concept shift: after the reference days the labels follow the same scores half as much.
     * The scores do not move, so the estimate stays where it was; the labels that arrived say it
     * no longer holds, in the output and in the store.
     */
    @Test
    void labelsThatFollowScoresLessThanInTheReferenceFlagTheRelationChanged() throws Exception {
        Random random = new Random(17);
        List<String> p = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score"));
        List<String> l = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        int id = 0;
        for (int hour = 0; hour < 48 + 24; hour++) {
            Instant ts = START.plus(hour, ChronoUnit.HOURS);
            for (int i = 0; i < 500; i++, id++) {
                double score = Math.round(1e4 / (1 + Math.exp(-(random.nextGaussian() - 0.5)))) / 1e4;
                double probability = hour < 48 ? score : 0.15 + score / 2;
                p.add(String.format(Locale.ROOT, "c%d,%s,m,v1,%s", id, ts.plusSeconds(i), score));
                l.add("c" + id + "," + (random.nextDouble() < probability ? 1 : 0) + "," + ts.plusSeconds(3600));
            }
        }
        String store = dir.resolve("concept-store").toString();
        CliRunner.Result result = CliRunner.run(
                "estimate",
                "--predictions",
                Files.write(dir.resolve("concept-p.csv"), p).toString(),
                "--labels",
                Files.write(dir.resolve("concept-l.csv"), l).toString(),
                "--reference-period",
                "2026-11-01/2026-11-03",
                "--window",
                "1d",
                "--store",
                store,
                "--format",
                "json");
        assertThat(result.code()).as(result.err()).isZero();
        Map<String, Boolean> aucFlag = new TreeMap<>();
        for (JsonNode row : new ObjectMapper().readTree(result.out())) {
            if (row.get("metric").asText().equals(ConfidenceBasedEstimate.PREFIX + "auc")) {
                aucFlag.put(
                        row.get("window_start").asText(),
                        row.get("relation_changed").asBoolean());
            }
        }
        assertThat(aucFlag)
                .containsEntry("2026-11-01T00:00:00Z", false)
                .containsEntry("2026-11-02T00:00:00Z", false)
                .containsEntry("2026-11-03T00:00:00Z", true);
        CliRunner.Result stored = CliRunner.run(
                "metrics", "--store", store, "--metric", "estimated_auc_relation_changed", "--format", "csv");
        assertThat(stored.code()).as(stored.err()).isZero();
        assertThat(stored.out())
                .contains(",2026-11-03T00:00:00Z,2026-11-04T00:00:00Z,all,estimated_auc_relation_changed,1.0,");
        Path html = dir.resolve("concept.html");
        assertThat(CliRunner.run("report", "--store", store, "--out", html.toString())
                        .code())
                .isZero();
        assertThat(Files.readString(html))
                .contains("relation changed: the estimate no longer holds")
                // a finding too, with the slice as its column
                .contains("<td>relation_changed</td>")
                .contains("v1: auc realized ");
        CliRunner.Result advice = CliRunner.run("advise", "--store", store, "--model", "m");
        assertThat(advice.code()).as(advice.err()).isZero();
        assertThat(advice.out().replaceAll("\\s+", " "))
                .contains("estimate: the labels so far contradict the estimated AUC in 1 window(s) "
                        + "(2026-11-03T00:00:00Z): the score-label relation changed");
    }
}
