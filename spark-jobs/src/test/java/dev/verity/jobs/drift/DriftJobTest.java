package dev.verity.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.drift.CategoricalDistribution;
import dev.verity.drift.DriftResult;
import dev.verity.drift.DriftTests;
import dev.verity.drift.FeatureKind;
import dev.verity.drift.NumericDistribution;
import dev.verity.jobs.TestSpark;
import dev.verity.store.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark path (per-value counts in one aggregation) agrees with the tests run on raw arrays. */
class DriftJobTest {

    @TempDir
    Path dir;

    private Path[] write(int rows) {
        List<String> ref = new ArrayList<>(List.of("prediction_id,age,country,flag"));
        List<String> cur = new ArrayList<>(List.of("prediction_id,age,country,flag"));
        for (int i = 0; i < rows; i++) {
            ref.add("r" + i + "," + (20 + (i * 7) % 30) + "," + (i % 3 == 0 ? "US" : "BR") + ","
                    + (i % 4 == 0 ? 1 : 0));
            cur.add("c" + i + "," + (24 + (i * 11) % 30) + "," + (i % 5 == 0 ? "MX" : i % 2 == 0 ? "US" : "BR") + ","
                    + (i % 4 == 0 ? 1 : 0));
        }
        ref.add("r-bad,,,1"); // missing age and country: counted apart, not a value
        return new Path[] {
            TestSpark.write(dir, "ref.csv", ref.toArray(String[]::new)),
            TestSpark.write(dir, "cur.csv", cur.toArray(String[]::new))
        };
    }

    private static double[] ages(int rows, int base, int step) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = base + (i * step) % 30;
        }
        return out;
    }

    @Test
    void detectsFeatureKindsAndMatchesTheDirectComputation() {
        Path[] files = write(400);
        DriftJob.Report report = new DriftJob(TestSpark.spark())
                .run(DriftJob.Config.whole(
                        files[0].toString(), files[1].toString(), null, List.of(), List.of(), "auto", Map.of()));
        Map<String, DriftResult> byFeature = new java.util.HashMap<>();
        report.results().forEach(r -> byFeature.put(r.feature(), r));
        assertThat(byFeature).containsOnlyKeys("age", "country", "flag");

        DriftResult age = byFeature.get("age");
        DriftResult expectedAge = DriftTests.numeric(
                "age",
                NumericDistribution.of(ages(400, 20, 7)),
                NumericDistribution.of(ages(400, 24, 11)),
                "auto",
                null);
        assertThat(age).isEqualTo(expectedAge);
        assertThat(age.method()).isEqualTo("ks");
        assertThat(age.drifted()).isTrue();
        assertThat(report.missing().get("age")).containsExactly(1L, 0L);

        DriftResult country = byFeature.get("country");
        assertThat(country.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(country.method()).isEqualTo("chi2");
        assertThat(country.drifted()).isTrue();
        assertThat(report.missing().get("country")).containsExactly(1L, 0L);

        // 0/1 flags are numbers with 2 distinct values: compared as categories, and unchanged.
        DriftResult flag = byFeature.get("flag");
        assertThat(flag.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(flag.drifted()).isFalse();
        assertThat(report.datasetDrift()).isTrue();
    }

    @Test
    void namedFeaturesMethodAndThreshold() {
        Path[] files = write(50);
        DriftJob.Report report = new DriftJob(TestSpark.spark())
                .run(DriftJob.Config.whole(
                        files[0].toString(),
                        files[1].toString(),
                        null,
                        List.of("age"),
                        List.of("country"),
                        "psi",
                        Map.of("country", 5.0)));
        assertThat(report.results()).extracting(DriftResult::method).containsExactly("psi", "psi");
        DriftResult country = report.results().get(1);
        assertThat(country.threshold()).isEqualTo(5.0);
        assertThat(country.drifted()).isFalse();
        assertThat(country.statistic())
                .isEqualTo(DriftTests.categorical(
                                "country",
                                CategoricalDistribution.ofCounts(Map.of("US", 17L, "BR", 33L)),
                                CategoricalDistribution.ofCounts(Map.of("MX", 10L, "US", 20L, "BR", 20L)),
                                "psi",
                                5.0)
                        .statistic());
    }

    @Test
    void badMethodOrMissingFeatureIsBadInput() {
        Path[] files = write(10);
        assertThatThrownBy(() -> new DriftJob(TestSpark.spark())
                        .run(DriftJob.Config.whole(
                                files[0].toString(),
                                files[1].toString(),
                                null,
                                List.of("age"),
                                List.of(),
                                "kl",
                                Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("use one of auto, ks");
        assertThatThrownBy(() -> new DriftJob(TestSpark.spark())
                        .run(DriftJob.Config.whole(
                                files[0].toString(),
                                files[1].toString(),
                                null,
                                List.of("height"),
                                List.of(),
                                "auto",
                                Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("column 'height' is missing");
        assertThatThrownBy(() -> new DriftJob(TestSpark.spark())
                        .run(DriftJob.Config.whole(
                                files[0].toString(),
                                files[1].toString(),
                                null,
                                List.of(),
                                List.of("age"),
                                "ks",
                                Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("ks cannot test the categorical feature 'age'");
    }

    /** Three days of 300 rows; on the third day the value shifts up by 40%. */
    private Path dailyLog() {
        List<String> lines = new ArrayList<>(List.of("prediction_id,ts,value"));
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 300; i++) {
                double value = (10 + (i * 7) % 20) * (day == 2 ? 1.4 : 1.0);
                lines.add("d" + day + "-" + i + ",2026-11-0" + (day + 1) + "T" + String.format("%02d", i % 24)
                        + ":00:00Z," + value);
            }
        }
        return TestSpark.write(dir, "log.csv", lines.toArray(String[]::new));
    }

    @Test
    void eachWindowAgainstAFixedReferenceOrThePreviousWindows() {
        Path log = dailyLog();
        Path reference = TestSpark.write(
                dir,
                "reference.csv",
                IntStream.range(-1, 300)
                        .mapToObj(i -> i < 0 ? "value" : String.valueOf(10 + (i * 7) % 20))
                        .toArray(String[]::new));
        List<DriftJob.Report> fixed = new DriftJob(TestSpark.spark())
                .runAll(new DriftJob.Config(
                        reference.toString(),
                        log.toString(),
                        null,
                        List.of("value"),
                        List.of(),
                        DriftSettings.defaults().withOverrides("ks", Map.of()),
                        dev.verity.jobs.WindowSpec.parse("1d"),
                        0,
                        null,
                        true,
                        false,
                        null,
                        true));
        assertThat(fixed)
                .extracting(r -> r.windowStart().toString())
                .containsExactly("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z");
        assertThat(fixed).extracting(r -> r.results().get(0).drifted()).containsExactly(false, false, true);

        List<DriftJob.Report> rolling = new DriftJob(TestSpark.spark())
                .runAll(new DriftJob.Config(
                        null,
                        log.toString(),
                        null,
                        List.of("value"),
                        List.of(),
                        DriftSettings.defaults().withOverrides("ks", Map.of()),
                        dev.verity.jobs.WindowSpec.parse("1d"),
                        1,
                        null,
                        true,
                        false,
                        null,
                        true));
        assertThat(rolling)
                .extracting(r -> r.windowStart().toString())
                .containsExactly("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z");
        assertThat(rolling).extracting(r -> r.results().get(0).drifted()).containsExactly(false, true);
        assertThat(rolling.get(1).datasetDrift()).isTrue();
    }

    @Test
    void sortedUnionStatisticsMatchTheInMemoryOnesOnContinuousValues() {
        double[] ref = IntStream.range(0, 1500)
                .mapToDouble(i -> ((i * 7919L) % 1501) / 100.0)
                .toArray();
        double[] cur = IntStream.range(0, 1200)
                .mapToDouble(j -> ((j * 104729L) % 1203) / 95.0 + 0.5)
                .toArray();
        Path reference = TestSpark.write(
                dir,
                "cref.csv",
                IntStream.range(-1, ref.length)
                        .mapToObj(i -> i < 0 ? "x" : Double.toString(ref[i]))
                        .toArray(String[]::new));
        Path current = TestSpark.write(
                dir,
                "ccur.csv",
                IntStream.range(-1, cur.length)
                        .mapToObj(i -> i < 0 ? "x" : Double.toString(cur[i]))
                        .toArray(String[]::new));
        for (String method : List.of("wasserstein", "psi")) {
            DriftResult spark = new DriftJob(TestSpark.spark())
                    .run(DriftJob.Config.whole(
                            reference.toString(), current.toString(), null, List.of("x"), List.of(), method, Map.of()))
                    .results()
                    .get(0);
            DriftResult memory =
                    DriftTests.numeric("x", NumericDistribution.of(ref), NumericDistribution.of(cur), method, null);
            // Equal up to the order in which Spark sums the areas and squared deviations.
            assertThat(spark.statistic())
                    .as(method)
                    .isCloseTo(memory.statistic(), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(spark.drifted()).isEqualTo(memory.drifted());
        }
    }

    @Test
    void jobCountDoesNotGrowWithTheNumberOfFeatures() {
        List<String> header = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        List<String> ref = new ArrayList<>(List.of(String.join(",", header)));
        List<String> cur = new ArrayList<>(List.of(String.join(",", header)));
        for (int i = 0; i < 200; i++) {
            ref.add(i % 17 + "," + i % 13 + "," + i % 11 + "," + i % 7 + ",x" + i % 3 + ",y" + i % 4 + ",z" + i % 5
                    + ",w" + i % 2);
            cur.add(i % 19 + "," + i % 13 + "," + i % 10 + "," + i % 7 + ",x" + i % 4 + ",y" + i % 4 + ",z" + i % 5
                    + ",w" + i % 2);
        }
        String r = TestSpark.write(dir, "jr.csv", ref.toArray(String[]::new)).toString();
        String c = TestSpark.write(dir, "jc.csv", cur.toArray(String[]::new)).toString();
        int two = TestSpark.jobsOf(() -> new DriftJob(TestSpark.spark())
                .run(DriftJob.Config.whole(r, c, null, List.of("a"), List.of("e"), "auto", Map.of())));
        int eight = TestSpark.jobsOf(() -> new DriftJob(TestSpark.spark())
                .run(DriftJob.Config.whole(
                        r, c, null, List.of("a", "b", "c", "d"), List.of("e", "f", "g", "h"), "auto", Map.of())));
        assertThat(eight).isEqualTo(two);
    }
}
