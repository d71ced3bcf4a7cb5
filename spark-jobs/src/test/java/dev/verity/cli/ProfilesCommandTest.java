package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor --store} profiles every day and column of a three-day log, twice (a rerun); then
 * {@code profiles} merges the days without reading the log: rows and nulls exact and counted
 * once, quantiles within their rank error and the distinct count within its bounds of the exact
 * values of the generated rows.
 */
class ProfilesCommandTest {
    private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");
    private static final int ROWS_PER_DAY = 3_000;

    @TempDir
    static Path dir;

    private static String store;
    private static final List<Double> minutes = new ArrayList<>();
    private static long nullMinutes;
    private static final Set<String> countries = new HashSet<>();

    @BeforeAll
    static void monitorThreeDaysTwice() throws Exception {
        StringBuilder p = new StringBuilder("prediction_id,ts,model,score,minutes,country\n");
        Random random = new Random(14);
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < ROWS_PER_DAY; i++) {
                Instant ts = DAY.plus(Duration.ofDays(d)).plusSeconds(random.nextInt(86_400));
                String country = "c" + (int) Math.floor(Math.abs(random.nextGaussian()) * 40);
                countries.add(country);
                String minute = "";
                if (random.nextDouble() < 0.05) {
                    nullMinutes++;
                } else {
                    double m = Math.round(Math.exp(random.nextGaussian() + d * 0.1) * 100) / 100.0;
                    minutes.add(m);
                    minute = Double.toString(m);
                }
                p.append("p")
                        .append(d)
                        .append('-')
                        .append(i)
                        .append(',')
                        .append(ts)
                        .append(",m,");
                p.append(random.nextDouble())
                        .append(',')
                        .append(minute)
                        .append(',')
                        .append(country)
                        .append('\n');
            }
        }
        Files.writeString(dir.resolve("p.csv"), p);
        store = dir.resolve("store").toString();
        for (int run = 0; run < 2; run++) {
            CliRunner.Result monitored = CliRunner.run(
                    "monitor", "--predictions", dir.resolve("p.csv").toString(), "--store", store, "--window", "1d");
            assertThat(monitored.code()).as(monitored.err()).isZero();
        }
    }

    private static JsonNode profile(String column, String... extra) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("profiles", "--store", store, "--model", "m", "--column", column, "--format", "json"));
        args.addAll(List.of(extra));
        CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).contains("approximate");
        JsonNode rows = new ObjectMapper().readTree(result.out());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void threeDaysMergeIntoTheProfileOfTheirRowsCountedOnce() throws Exception {
        JsonNode numbers = profile("minutes");
        assertThat(numbers.get("windows").asLong()).isEqualTo(3);
        assertThat(numbers.get("rows").asLong()).isEqualTo(3L * ROWS_PER_DAY);
        assertThat(numbers.get("nulls").asLong()).isEqualTo(nullMinutes);
        double[] exact =
                minutes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double rankError = numbers.get("rank_error").asDouble();
        for (double rank : ProfilesCommand.RANKS) {
            double value = numbers.get(ProfilesCommand.quantileName(rank)).asDouble();
            double below = (double) java.util.Arrays.stream(exact)
                            .filter(v -> v < value)
                            .count()
                    / exact.length;
            double atOrBelow = (double) java.util.Arrays.stream(exact)
                            .filter(v -> v <= value)
                            .count()
                    / exact.length;
            assertThat(rank).as("p" + rank).isBetween(below - rankError, atOrBelow + rankError);
        }
        long distinct = minutes.stream().distinct().count();
        assertThat(distinct)
                .isBetween(
                        numbers.get("distinct_low").asLong(),
                        numbers.get("distinct_high").asLong());

        JsonNode categories = profile("country");
        assertThat(categories.get("kind").asText()).isEqualTo("categorical");
        assertThat((long) countries.size())
                .isBetween(
                        categories.get("distinct_low").asLong(),
                        categories.get("distinct_high").asLong());
        assertThat(categories.get("frequent").asText()).startsWith("c0 ");
    }

    @Test
    void aPeriodTakesItsWindowsAndAnUnknownColumnIsAnError() throws Exception {
        JsonNode firstTwo = profile("minutes", "--period", "2026-11-01/2026-11-03");
        assertThat(firstTwo.get("windows").asLong()).isEqualTo(2);
        assertThat(firstTwo.get("rows").asLong()).isEqualTo(2L * ROWS_PER_DAY);
        CliRunner.Result unknown = CliRunner.run("profiles", "--store", store, "--column", "minuts");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("minutes");
    }
}
