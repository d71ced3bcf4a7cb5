package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.VeritySpark;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verity explain} on generated logs with one planted cause: in country=BR the model is
 * wrong on cellular traffic (its labels contradict its scores), and over the second week BR's
 * cellular share grows from 10% to 70%. The app version shifts too, everywhere, but the model is
 * as good on both versions; minutes is noise.
 */
class ExplainCommandTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    static Path dir;

    private static String predictions;
    private static String labels;

    @BeforeAll
    static void write() throws Exception {
        Random random = new Random(21);
        List<String> p =
                new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,country,network,app,minutes"));
        List<String> l = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        int id = 0;
        for (int day = 0; day < 14; day++) {
            double cellular = day < 7 ? 0.1 : 0.1 + 0.6 * (day - 6) / 7.0;
            double newApp = day < 7 ? 0.2 : 0.8;
            for (int i = 0; i < 1500; i++, id++) {
                boolean br = random.nextBoolean();
                boolean cell = random.nextDouble() < (br ? cellular : 0.1);
                double score = Math.round(1e4 / (1 + Math.exp(-random.nextGaussian() * 1.5))) / 1e4;
                boolean wrong = br && cell;
                int label = random.nextDouble() < (wrong ? 1 - score : score) ? 1 : 0;
                Instant ts = START.plusSeconds(day * 86_400L + i * 50L);
                p.add(String.format(
                        Locale.ROOT,
                        "p%d,%s,m,v1,%s,%s,%s,%s,%.2f",
                        id,
                        ts,
                        score,
                        br ? "BR" : "US",
                        cell ? "cellular" : "wifi",
                        random.nextDouble() < newApp ? "5.2" : "5.1",
                        random.nextDouble() * 60));
                l.add("p" + id + "," + label + "," + ts.plusSeconds(3600));
            }
        }
        predictions = Files.write(dir.resolve("p.csv"), p).toString();
        labels = Files.write(dir.resolve("l.csv"), l).toString();
    }

    private static CliRunner.Result explain(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "explain",
                "--predictions",
                predictions,
                "--labels",
                labels,
                "--model",
                "m",
                "--reference-period",
                "2026-11-01/2026-11-08",
                "--period",
                "2026-11-08/2026-11-15"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void thePlantedCauseRanksFirstInItsSliceAndTheHarmlessShiftReproducesNothing() throws Exception {
        CliRunner.Result result =
                explain("--slice", "country=BR", "--features", "network,app,minutes", "--format", "json");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(result.out());
        assertThat(rows).hasSize(3);
        JsonNode first = rows.get(0);
        assertThat(first.get("feature").asText()).isEqualTo("network");
        assertThat(first.get("slice").asText()).isEqualTo("country=BR");
        assertThat(first.get("window_value").asDouble())
                .isGreaterThan(first.get("reference_value").asDouble());
        // the cellular share alone reproduces most of BR's loss increase
        assertThat(first.get("share").asDouble()).isBetween(0.7, 1.3);
        assertThat(first.get("correlation").asDouble()).isGreaterThan(0.8);
        assertThat(first.get("windows").asInt()).isEqualTo(14);
        for (JsonNode row : rows) {
            if (row.get("feature").asText().equals("app")) {
                assertThat(row.get("psi").asDouble()).isGreaterThan(0.5); // it did shift
                assertThat(Math.abs(row.get("share").asDouble())).isLessThan(0.3);
            }
        }
    }

    @Test
    void theStoreKeepsTheRankingForTheReportAndTheAdvice() {
        String store = dir.resolve("store").toString();
        CliRunner.Result result = explain("--slice", "country=BR", "--store", store);
        assertThat(result.code()).as(result.err()).isZero();
        StoreSnapshot snapshot = new StoreReader(store, VeritySpark.hadoopConfiguration()).latest();
        List<ExplanationRecord> stored = snapshot.latestExplanations();
        assertThat(stored).extracting(ExplanationRecord::feature).startsWith("network");
        assertThat(stored.get(0).referenceStart().toInstant()).isEqualTo(START);
        assertThat(snapshot.runs())
                .extracting(r -> r.job().id() + ":" + r.status().id())
                .containsExactly("explain:succeeded");
        String html = HtmlReport.render(ReportData.load(snapshot));
        assertThat(html).contains("What explains the change").contains("<td>country=BR</td>");
        // advice needs the model's metrics in the store
        assertThat(CliRunner.run(CliRunner.evaluate(predictions, labels, store)).code())
                .isZero();
        CliRunner.Result advice = CliRunner.run("advise", "--store", store, "--model", "m");
        assertThat(advice.code()).as(advice.err()).isZero();
        assertThat(advice.out()).contains("explained: in slice country=BR, the shift of network reproduces");
    }

    @Test
    void everyNonLogColumnIsACandidateByDefault() throws Exception {
        CliRunner.Result result = explain("--format", "json");
        assertThat(result.code()).as(result.err()).isZero();
        List<String> features = new ArrayList<>();
        new ObjectMapper()
                .readTree(result.out())
                .forEach(r -> features.add(r.get("feature").asText()));
        assertThat(features).containsExactlyInAnyOrder("country", "network", "app", "minutes");
        assertThat(features.get(0)).isEqualTo("network");
    }

    @Test
    void badPeriodsAndSlicesExitTwo() {
        CliRunner.Result overlap = CliRunner.run(
                "explain",
                "--predictions",
                predictions,
                "--labels",
                labels,
                "--model",
                "m",
                "--reference-window",
                "2026-11-01/2026-11-09",
                "--window",
                "2026-11-08/2026-11-15");
        assertThat(overlap.code()).isEqualTo(2);
        // the spellings before the rename still work for a release, with a warning
        assertThat(overlap.err())
                .contains("explain --reference-window is now --reference-period")
                .contains("explain --window START/END is now --period")
                .contains("overlap");
        CliRunner.Result slice = explain("--slice", "BR");
        assertThat(slice.code()).isEqualTo(2);
        assertThat(slice.err()).contains("--slice: 'BR' is not of the form a=x,b=y");
        CliRunner.Result empty = explain("--slice", "country=FR");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("each need labelled predictions of m in slice country=FR");
    }
}
