package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verity anomalies} on five weeks of a log evaluated daily by platform, with less traffic at
 * weekends, and on one Monday two things broken: web's scores stop ranking, and most of app's
 * predictions are lost. Both are found on that Monday and nothing else anywhere, weekends included.
 */
class AnomaliesCommandTest {
    private static final Instant MONDAY = Instant.parse("2026-09-07T00:00:00Z");
    /** The broken Monday; the day after it is there so that its labels' window closes. */
    private static final int BROKEN = 35;

    private static final String[] COLUMNS = {
        "model",
        "model_version",
        "window_start",
        "window_end",
        "slice",
        "metric",
        "value",
        "expected",
        "low",
        "high",
        "p_value",
        "q_value",
        "anomalous",
        "season"
    };

    @TempDir
    static Path dir;

    private static String store;

    @BeforeAll
    static void evaluateFiveWeeks() throws Exception {
        StringBuilder p = new StringBuilder("prediction_id,ts,model,model_version,score,platform\n");
        StringBuilder l = new StringBuilder("prediction_id,label,label_ts\n");
        Random random = new Random(27);
        int id = 0;
        for (int d = 0; d <= BROKEN + 1; d++) {
            Instant day = MONDAY.plus(Duration.ofDays(d));
            DayOfWeek weekday = day.atZone(ZoneOffset.UTC).getDayOfWeek();
            int rows = weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY ? 700 : 1200;
            for (int i = 0; i < rows; i++) {
                String platform = random.nextBoolean() ? "web" : "app";
                int label = random.nextDouble() < 0.3 ? 1 : 0;
                double signal = d == BROKEN && platform.equals("web") ? 0 : 1.2;
                double score = 1 / (1 + Math.exp(-(signal * (2 * label - 1) + random.nextGaussian() - 0.8)));
                Instant ts = day.plusSeconds(random.nextInt(86_400));
                if (d == BROKEN && platform.equals("app") && random.nextDouble() < 0.6) {
                    continue; // the logger lost it
                }
                String name = "p" + id++;
                p.append(name)
                        .append(',')
                        .append(ts)
                        .append(",m,v1,")
                        .append(score)
                        .append(',')
                        .append(platform);
                p.append('\n');
                l.append(name)
                        .append(',')
                        .append(label)
                        .append(',')
                        .append(ts.plusSeconds(600))
                        .append('\n');
            }
        }
        Files.writeString(dir.resolve("p.csv"), p);
        Files.writeString(dir.resolve("l.csv"), l);
        store = dir.resolve("store").toString();
        CliRunner.Result evaluated = CliRunner.run(CliRunner.evaluate(
                dir.resolve("p.csv").toString(),
                dir.resolve("l.csv").toString(),
                store,
                "--slice-by",
                "platform",
                "--label-window",
                "1h"));
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
    }

    private static List<JsonNode> anomalies(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("anomalies", "--store", store, "--format", "json"));
        args.addAll(List.of(extra));
        CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
        assertThat(result.code()).as(result.err()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        new ObjectMapper().readTree(result.out()).forEach(rows::add);
        return rows;
    }

    @Test
    void theBrokenMondayIsFoundInItsSlicesAndNothingElseIs() throws Exception {
        List<JsonNode> judged = anomalies();
        assertThat(judged).isNotEmpty();
        assertThat(judged.get(0).fieldNames()).toIterable().containsExactly(COLUMNS);
        String broken = MONDAY.plus(Duration.ofDays(BROKEN)).toString();
        List<JsonNode> flagged =
                judged.stream().filter(r -> r.get("anomalous").asBoolean()).toList();
        assertThat(flagged)
                .allSatisfy(r -> assertThat(r.get("window_start").asText()).isEqualTo(broken));
        assertThat(flagged).anySatisfy(r -> {
            assertThat(r.get("slice").asText()).isEqualTo("platform=web");
            assertThat(r.get("metric").asText()).isEqualTo("auc");
            assertThat(r.get("value").asDouble()).isLessThan(r.get("low").asDouble());
            assertThat(r.get("season").asText()).isEqualTo("day_of_week");
        });
        assertThat(flagged).anySatisfy(r -> {
            assertThat(r.get("slice").asText()).isEqualTo("platform=app");
            assertThat(r.get("metric").asText()).isEqualTo("rows");
            assertThat(r.get("value").asDouble()).isLessThan(r.get("low").asDouble());
        });
        // the weekends' smaller traffic is judged against other weekends, so none is a row-count anomaly
        assertThat(judged)
                .filteredOn(r -> r.get("metric").asText().equals("rows")
                        && Instant.parse(r.get("window_start").asText())
                                        .atZone(ZoneOffset.UTC)
                                        .getDayOfWeek()
                                == DayOfWeek.SATURDAY)
                .isNotEmpty()
                .noneMatch(r -> r.get("anomalous").asBoolean());
        // the day after the broken one is still provisional: not judged
        assertThat(judged)
                .noneMatch(r -> r.get("window_start")
                        .asText()
                        .equals(MONDAY.plus(Duration.ofDays(BROKEN + 1)).toString()));
    }

    @Test
    void filtersKeepTheStoresQValuesAndFailOnAnomalyExitsThree() throws Exception {
        List<JsonNode> all = anomalies();
        List<JsonNode> web = anomalies("--metric", "auc", "--only-anomalous");
        assertThat(web)
                .isNotEmpty()
                .allMatch(r -> r.get("metric").asText().equals("auc")
                        && r.get("anomalous").asBoolean());
        JsonNode same = all.stream()
                .filter(r -> r.get("metric").asText().equals("auc")
                        && r.get("slice")
                                .asText()
                                .equals(web.get(0).get("slice").asText())
                        && r.get("window_start").equals(web.get(0).get("window_start")))
                .findFirst()
                .orElseThrow();
        assertThat(web.get(0).get("q_value").asDouble())
                .isEqualTo(same.get("q_value").asDouble());

        CliRunner.Result failing =
                CliRunner.run("anomalies", "--store", store, "--fail-on", "anomaly", "--format", "csv");
        assertThat(failing.code()).as(failing.err()).isEqualTo(3);
        assertThat(failing.err()).contains("windows judged,").contains("anomalous at a false discovery rate of 0.05");
    }

    @Test
    void aMisspeltMetricOrARateOutOfRangeIsAUsageError() {
        CliRunner.Result metric = CliRunner.run("anomalies", "--store", store, "--metric", "acu");
        assertThat(metric.code()).isEqualTo(2);
        assertThat(metric.err()).contains("no metric 'acu'").contains("auc");
        CliRunner.Result fdr = CliRunner.run("anomalies", "--store", store, "--fdr", "1.5");
        assertThat(fdr.code()).isEqualTo(2);
        assertThat(fdr.err()).contains("--fdr: 1.5 is not a rate in (0, 1)");
    }
}
