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

    private static final String HEADER = "prediction_id,ts,model,score,minutes,country\n";

    @BeforeAll
    static void monitorThreeDaysTwice() throws Exception {
        StringBuilder p = new StringBuilder(HEADER);
        StringBuilder firstDay = new StringBuilder(HEADER);
        Random random = new Random(14);
        for (int d = 0; d < 3; d++) {
            String day = rows(random, d, d * 0.1, true);
            p.append(day);
            if (d == 0) {
                firstDay.append(day);
            }
        }
        Files.writeString(dir.resolve("p.csv"), p);
        Files.writeString(dir.resolve("day0.csv"), firstDay);
        store = dir.resolve("store").toString();
        for (int run = 0; run < 2; run++) {
            CliRunner.Result monitored = CliRunner.run(
                    "monitor", "--predictions", dir.resolve("p.csv").toString(), "--store", store, "--window", "1d");
            assertThat(monitored.code()).as(monitored.err()).isZero();
        }
    }

    /**
     * A day's rows ({@code day} days after the first): log-normal minutes shifted by {@code
     * shift} in log, a twentieth missing, and countries with a long tail; with {@code track} their
     * values are kept for the exact answers.
     */
    private static String rows(Random random, int day, double shift, boolean track) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < ROWS_PER_DAY; i++) {
            Instant ts = DAY.plus(Duration.ofDays(day)).plusSeconds(random.nextInt(86_400));
            String country = "c" + (int) Math.floor(Math.abs(random.nextGaussian()) * 40);
            String minute = "";
            if (random.nextDouble() < 0.05) {
                nullMinutes += track ? 1 : 0;
            } else {
                double m = Math.round(Math.exp(random.nextGaussian() + shift) * 100) / 100.0;
                minute = Double.toString(m);
                if (track) {
                    minutes.add(m);
                }
            }
            if (track) {
                countries.add(country);
            }
            p.append("p")
                    .append(day)
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
        return p.toString();
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
        JsonNode numbers = profile("minutes", "--period", "2026-11-01/2026-11-04");
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

        JsonNode categories = profile("country", "--period", "2026-11-01/2026-11-04");
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

    /** {@code first} then {@code rest}, as arguments. */
    private static String[] args(List<String> rest, String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static JsonNode drift(String... args) throws Exception {
        CliRunner.Result result = CliRunner.run(args);
        assertThat(result.code()).as(result.err()).isIn(0, 1);
        return new ObjectMapper().readTree(result.out());
    }

    private static JsonNode minutesRow(JsonNode rows) {
        for (JsonNode row : rows) {
            if (row.get("feature").asText().equals("minutes")) {
                return row;
            }
        }
        throw new AssertionError("no minutes row in " + rows);
    }

    @Test
    void driftAgainstStoredProfilesAgreesWithTheRowsWithinTheReferenceError() throws Exception {
        Path alike = dir.resolve("alike.csv");
        Files.writeString(alike, HEADER + rows(new Random(21), 5, 0, false));
        Path shifted = dir.resolve("shifted.csv");
        Files.writeString(shifted, HEADER + rows(new Random(8), 5, 0.4, false));
        String firstDay = "2026-11-01/2026-11-02";
        for (Path current : List.of(alike, shifted)) {
            List<String> ks = List.of(
                    "--current", current.toString(), "--numeric", "minutes", "--method", "ks", "--format", "json");
            JsonNode exact = minutesRow(drift(
                    args(ks, "drift", "--reference", dir.resolve("day0.csv").toString())));
            CliRunner.Result fromProfiles =
                    CliRunner.run(args(ks, "drift", "--reference-profile", firstDay, "--store", store));
            assertThat(fromProfiles.err()).contains("approximate");
            JsonNode approximate = minutesRow(new ObjectMapper().readTree(fromProfiles.out()));
            double error = approximate.get("reference_error").asDouble();
            assertThat(error).isBetween(0.0, 0.02);
            // the KS statistic is a largest gap of cumulative shares: off by at most the reference's
            assertThat(approximate.get("statistic").asDouble())
                    .isCloseTo(exact.get("statistic").asDouble(), org.assertj.core.data.Offset.offset(error + 1e-12));
            assertThat(approximate.get("drifted").asBoolean())
                    .isEqualTo(exact.get("drifted").asBoolean());
            assertThat(approximate.get("reference_missing").asLong())
                    .isEqualTo(exact.get("reference_missing").asLong());
            assertThat(approximate.get("drifted").asBoolean())
                    .as(exact + " / " + approximate)
                    .isEqualTo(current.equals(shifted));
        }
        // every profiled column by default, the categories the profile did not keep folded together
        JsonNode all = drift(
                "drift",
                "--reference-profile",
                firstDay,
                "--store",
                store,
                "--current",
                shifted.toString(),
                "--format",
                "json");
        assertThat(all).extracting(r -> r.get("feature").asText()).contains("minutes", "country");
        // the store now holds the profile of the drift's current day too
        assertThat(profile("minutes", "--period", "2026-11-06/2026-11-07")
                        .get("rows")
                        .asLong())
                .isEqualTo(ROWS_PER_DAY);
        CliRunner.Result noProfiles = CliRunner.run(
                "drift",
                "--reference-profile",
                "2025-01-01/2025-02-01",
                "--store",
                store,
                "--current",
                alike.toString());
        assertThat(noProfiles.code()).isEqualTo(2);
        assertThat(noProfiles.err()).contains("no profiles");
    }
}
