package dev.verity.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.cli.CliRunner;
import dev.verity.drift.DriftResult;
import dev.verity.drift.MultivariateDrift;
import dev.verity.jobs.TestSpark;
import dev.verity.store.DriftRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift in how features move together: x1 and x2 correlated +0.8 in the reference and -0.8 now,
 * every marginal unchanged, beside eight features that do not change. No single-feature test
 * sees it; the domain classifier does, and stays quiet on two samples of one distribution. Its
 * AUC and DeLong interval are checked against a brute-force computation over every pair of
 * held-out rows.
 */
class DomainClassifierTest {
    private static final int ROWS = 12_000;
    private static final List<String> FEATURES =
            List.of("x1", "x2", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "device");

    @TempDir
    Path dir;

    /** {@code rows} rows whose x1 and x2 have correlation {@code rho}, every feature's marginal the same whatever it is. */
    private static String[] sample(int rows, double rho, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(List.of(String.join(",", FEATURES)));
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian();
            double b = rho * a + Math.sqrt(1 - rho * rho) * random.nextGaussian();
            StringBuilder line = new StringBuilder().append(a).append(',').append(b);
            for (int f = 0; f < 7; f++) {
                line.append(',').append(random.nextGaussian());
            }
            lines.add(line.append(',')
                    .append(random.nextBoolean() ? "ios" : "android")
                    .toString());
        }
        return lines.toArray(String[]::new);
    }

    private DriftJob.Report drift(double currentRho, long currentSeed) {
        Path reference = TestSpark.write(dir, "reference.csv", sample(ROWS, 0.8, 1));
        Path current = TestSpark.write(dir, "current-" + currentRho + ".csv", sample(ROWS, currentRho, currentSeed));
        return new DriftJob(TestSpark.spark())
                .run(DriftJob.Config.whole(
                                reference.toString(), current.toString(), null, List.of(), List.of(), "auto", Map.of())
                        .withMultivariate());
    }

    @Test
    void aCorrelationThatFlipsIsDriftNoSingleFeatureShows() {
        DriftJob.Report report = drift(-0.8, 2);
        assertThat(report.results()).extracting(DriftResult::feature).containsExactlyElementsOf(FEATURES);
        assertThat(report.results()).noneMatch(r -> Boolean.TRUE.equals(r.drifted()));
        DomainClassifier.Verdict all = report.multivariate();
        assertThat(all.result().feature()).isEqualTo(MultivariateDrift.ALL_FEATURES);
        assertThat(all.result().method()).isEqualTo(MultivariateDrift.METHOD);
        assertThat(all.result().drifted()).isTrue();
        assertThat(all.ciLow()).isGreaterThan(MultivariateDrift.THRESHOLD);
        assertThat(all.result().pValue()).isLessThan(1e-10);
        assertThat(all.topFeatures()).startsWith("x").contains("x1").contains("x2");
        List<DriftRecord> records = DriftJob.records(List.of(report), "reference.csv", "current.csv");
        assertThat(records).hasSize(FEATURES.size() + 1);
        assertThat(records.get(FEATURES.size()).named().in(DriftRecord.MULTIVARIATE_COLUMNS))
                .containsExactly(all.ciLow(), all.ciHigh(), all.topFeatures());
    }

    @Test
    void twoSamplesOfOneDistributionAreNoDrift() {
        DomainClassifier.Verdict all = drift(0.8, 3).multivariate();
        assertThat(all.result().drifted()).isFalse();
        assertThat(all.result().statistic()).isCloseTo(0.5, within(0.03));
        assertThat(all.ciLow()).isLessThan(MultivariateDrift.THRESHOLD);
    }

    @Test
    void theHeldOutAucAndItsIntervalAreDeLongsOverEveryPair() {
        Path reference = TestSpark.write(dir, "r.csv", sample(4_000, 0.8, 4));
        Path current = TestSpark.write(dir, "c.csv", sample(4_000, 0.2, 5));
        Dataset<Row> ref = TestSpark.spark()
                .read()
                .option("header", true)
                .option("inferSchema", true)
                .csv(reference.toString());
        Dataset<Row> cur = TestSpark.spark()
                .read()
                .option("header", true)
                .option("inferSchema", true)
                .csv(current.toString());
        Map<String, Boolean> features = new LinkedHashMap<>();
        FEATURES.forEach(f -> features.put(f, !f.equals("device")));
        DomainClassifier.Verdict verdict;
        double[] pos;
        double[] neg;
        try (DomainClassifier.Fitted fitted = DomainClassifier.fit(ref, cur, features, DriftJob.SEED)) {
            verdict = fitted.verdict(List.copyOf(features.keySet()));
            List<Row> rows = fitted.heldOut().collectAsList();
            pos = rows.stream()
                    .filter(r -> r.getDouble(1) == 1)
                    .mapToDouble(r -> r.getDouble(0))
                    .toArray();
            neg = rows.stream()
                    .filter(r -> r.getDouble(1) == 0)
                    .mapToDouble(r -> r.getDouble(0))
                    .toArray();
        }
        // DeLong (1988): placements of every positive among the negatives and back, ties half
        double[] v10 = Arrays.stream(pos).map(x -> placement(x, neg, 1)).toArray();
        double[] v01 = Arrays.stream(neg).map(y -> placement(y, pos, -1)).toArray();
        double auc = Arrays.stream(v10).average().orElseThrow();
        double se = Math.sqrt(variance(v10, auc) / pos.length + variance(v01, auc) / neg.length);
        assertThat(verdict.result().statistic()).isCloseTo(auc, within(1e-9));
        assertThat(verdict.ciLow()).isCloseTo(auc - 1.959964 * se, within(1e-9));
        assertThat(verdict.ciHigh()).isCloseTo(auc + 1.959964 * se, within(1e-9));
    }

    @Test
    void theCommandPrintsTheIntervalAndTheFeaturesItLeansOn() throws Exception {
        Path reference = TestSpark.write(dir, "r.csv", sample(3_000, 0.8, 6));
        Path current = TestSpark.write(dir, "c.csv", sample(3_000, -0.8, 7));
        CliRunner.Result result = multivariate(reference, current, "--format", "json");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode all = null;
        for (JsonNode row : new ObjectMapper().readTree(result.out())) {
            if (row.get("feature").asText().equals(MultivariateDrift.ALL_FEATURES)) {
                all = row;
            }
        }
        assertThat(all).isNotNull();
        assertThat(all.get("kind").asText()).isEqualTo("multivariate");
        assertThat(all.get("ci_low").asDouble()).isGreaterThan(MultivariateDrift.THRESHOLD);
        assertThat(all.get("ci_high").asDouble())
                .isGreaterThan(all.get("statistic").asDouble());
        assertThat(all.get("top_features").asText()).contains("x1").contains("x2");
        assertThat(all.get("drifted").asBoolean()).isTrue();

        CliRunner.Result windowed = multivariate(reference, current, "--window", "1d");
        assertThat(windowed.code()).isEqualTo(2);
        assertThat(windowed.err()).contains("--multivariate");
    }

    private static CliRunner.Result multivariate(Path reference, Path current, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "drift", "--reference", reference.toString(), "--current", current.toString(), "--multivariate"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** The share of {@code others} that {@code v} beats ({@code sign} 1) or is beaten by (-1), a tie half. */
    private static double placement(double v, double[] others, int sign) {
        double wins = 0;
        for (double o : others) {
            wins += Math.signum(sign * (v - o)) > 0 ? 1 : v == o ? 0.5 : 0;
        }
        return wins / others.length;
    }

    private static double variance(double[] v, double mean) {
        return Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
    }
}
