package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.VeritySpark;
import dev.verity.store.Job;
import dev.verity.store.RunRecord;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verity switchback} on a matcher that alternated hourly between v1 (outcome rate 0.30) and
 * v2 (0.32) for two days, each hour's first ten minutes disturbed by the switch (rate 0.6): the
 * burn-in's rows are dropped and counted, the periods counted per arm, and the planted +2 points
 * covered by the interval, with the arms' values the ones counted here; recorded, the store,
 * serve and the report show the same verdict.
 */
class SwitchbackCommandTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    /** {@code verity switchback} of the matcher's v1 against {@code treatment} on the logs written, with {@code extra}. */
    private CliRunner.Result switchback(String treatment, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "switchback",
                "--predictions",
                dir.resolve("p.csv").toString(),
                "--labels",
                dir.resolve("l.csv").toString(),
                "--model",
                "matcher",
                "--control",
                "v1",
                "--treatment",
                treatment));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void aPlantedEffectIsCoveredAndTheBurnInDropped() throws Exception {
        SplittableRandom random = new SplittableRandom(12);
        StringBuilder p = new StringBuilder("prediction_id,ts,model,model_version,score\n");
        StringBuilder l = new StringBuilder("prediction_id,label,label_ts\n");
        long burnIn = 0;
        long[] positives = new long[2];
        long[] rows = new long[2];
        int id = 0;
        for (int hour = 0; hour < 48; hour++) {
            int arm = hour % 2; // v1 on even hours, v2 on odd ones
            for (int i = 0; i < 1500; i++) {
                int second = random.nextInt(3600);
                boolean settling = second < 600;
                double rate = settling ? 0.6 : arm == 0 ? 0.30 : 0.32;
                boolean success = random.nextDouble() < rate;
                Instant ts = START.plusSeconds(hour * 3600L + second);
                p.append("p")
                        .append(id)
                        .append(',')
                        .append(ts)
                        .append(",matcher,v")
                        .append(arm + 1)
                        .append(',');
                p.append(random.nextDouble()).append('\n');
                l.append("p").append(id).append(',').append(success ? 1 : 0).append(',');
                l.append(ts.plusSeconds(300)).append('\n');
                id++;
                if (settling) {
                    burnIn++;
                } else {
                    rows[arm]++;
                    positives[arm] += success ? 1 : 0;
                }
            }
        }
        Files.writeString(dir.resolve("p.csv"), p);
        Files.writeString(dir.resolve("l.csv"), l);
        CliRunner.Result result = switchback("v2", "--period", "1h", "--burn-in", "10m", "--format", "json");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode verdict = new ObjectMapper().readTree(result.out()).get(0);
        assertThat(verdict.get("periods_control").asInt()).isEqualTo(24);
        assertThat(verdict.get("periods_treatment").asInt()).isEqualTo(24);
        assertThat(verdict.get("rows_dropped_burn_in").asLong()).isEqualTo(burnIn);
        assertThat(verdict.get("metric").asText()).isEqualTo("outcome_rate");
        // the arms' values are means of period rates; with equal-sized periods close to the pooled rates
        assertThat(verdict.get("control_value").asDouble()).isCloseTo((double) positives[0] / rows[0], within(0.005));
        assertThat(verdict.get("treatment_value").asDouble()).isCloseTo((double) positives[1] / rows[1], within(0.005));
        assertThat(0.02)
                .isBetween(
                        verdict.get("ci_low").asDouble(), verdict.get("ci_high").asDouble());
        assertThat(verdict.get("permutation_p_value").asDouble()).isBetween(0.0, 1.0);
        assertThat(verdict.get("warning").isNull()).isTrue();
        assertThat(verdict.get("window_start").asText()).isEqualTo(START.toString());
        assertThat(verdict.get("window_end").asText())
                .isEqualTo(START.plusSeconds(48 * 3600).toString());
        // recorded, the store, serve and the report tell the same verdict
        String store = dir.resolve("store").toString();
        CliRunner.Result stored = switchback("v2", "--store", store);
        assertThat(stored.code()).as(stored.err()).isZero();
        double effect = verdict.get("effect").asDouble();
        StoreSnapshot snapshot = new StoreReader(store, VeritySpark.hadoopConfiguration()).latest();
        assertThat(snapshot.runs()).extracting(RunRecord::job).containsExactly(Job.SWITCHBACK);
        assertThat(snapshot.latestSwitchback()).singleElement().satisfies(r -> {
            assertThat(r.effect()).isEqualTo(effect);
            assertThat(r.ciLow()).isEqualTo(verdict.get("ci_low").asDouble());
            assertThat(r.periodsTreatment()).isEqualTo(24);
            assertThat(r.significant()).isEqualTo(r.ciLow() > 0);
        });
        StoreState state = StoreState.load(snapshot, ExportSettings.defaults(100));
        assertThat(PrometheusView.of(state, Map.of()).stream()
                        .filter(m -> m.getMetadata().getPrometheusName().equals("verity_switchback_effect"))
                        .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
                        .map(GaugeSnapshot.GaugeDataPointSnapshot::getValue))
                .containsExactly(effect);
        String html = HtmlReport.render(ReportData.load(snapshot));
        assertThat(html).contains("<section id=\"switchback\">", "<td>matcher</td><td>v1</td><td>v2</td>");
        // advise cites the verdict as evidence for the treatment version
        CliRunner.Result evaluated = CliRunner.run(CliRunner.evaluate(
                dir.resolve("p.csv").toString(), dir.resolve("l.csv").toString(), store));
        assertThat(evaluated.code()).as(evaluated.err()).isIn(0, 3);
        CliRunner.Result advised = CliRunner.run("advise", "--store", store, "--model", "matcher");
        assertThat(advised.out())
                .as(advised.err())
                .contains(String.format(Locale.ROOT, "switch-back against v1 on outcome_rate: %+.4f", effect));
        CliRunner.Result same = switchback("v1");
        assertThat(same.code()).isEqualTo(2);
    }
}
