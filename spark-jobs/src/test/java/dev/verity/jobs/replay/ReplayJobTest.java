package dev.verity.jobs.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.drift.FeatureKind;
import dev.verity.jobs.Progress;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.io.OutputWriter;
import dev.verity.store.BadInputException;
import dev.verity.store.ReplayComparison;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayJobTest {
    @TempDir
    static Path dir;

    static String model;
    static String challenger;
    static String traffic;
    static String labels;

    /** Logged traffic of a matcher: two numbers, a platform, a 0/1 outcome that depends on all three. */
    static Path writeLog(Path folder, String name, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("prediction_id,ts,minutes,messages,platform,label"));
        String[] platforms = {"ios", "android", "web"};
        for (int i = 0; i < rows; i++) {
            double minutes = 5 + 20 * random.nextDouble();
            int messages = random.nextInt(10);
            int platform = random.nextInt(3);
            double logit = -2 + 0.08 * minutes + 0.15 * messages - 0.8 * platform;
            int label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            lines.add(String.format(
                    Locale.ROOT,
                    "p%05d,2026-11-0%dT%02d:00:00Z,%.2f,%d,%s,%d",
                    i,
                    1 + i % 7,
                    i % 24,
                    minutes,
                    messages,
                    platforms[platform],
                    label));
        }
        return TestSpark.write(folder, name, lines.toArray(String[]::new));
    }

    @BeforeAll
    static void trainAndServe() {
        Path log = writeLog(dir, "train.csv", 3000, 1);
        model = dir.resolve("lr-model").toString();
        challenger = dir.resolve("gbt-model").toString();
        ModelTrainer trainer = new ModelTrainer(TestSpark.spark());
        List<String> features = List.of("minutes", "messages", "platform");
        ModelCard card =
                trainer.train(new ModelTrainer.Config(log.toString(), null, features, "label", "lr", true, model));
        assertThat(card.features())
                .extracting(ModelCard.Feature::kind)
                .containsExactly(FeatureKind.NUMERIC, FeatureKind.NUMERIC, FeatureKind.CATEGORICAL);
        assertThat(card.trainedFrom()).startsWith("2026-11-01");
        trainer.train(new ModelTrainer.Config(log.toString(), null, features, "label", "gbt", false, challenger));
        // The live system served the model's own scores: score a fresh day of traffic with it.
        Path day = writeLog(dir, "day.csv", 1500, 2);
        Dataset<Row> served = SavedModel.load(model)
                .score(TestSpark.spark().read().option("header", "true").csv(day.toString()), day.toString(), "score");
        traffic = dir.resolve("served.parquet").toString();
        OutputWriter.write(served.drop("label"), traffic);
        labels = day.toString();
    }

    private ReplayJob.Report replay(String trafficPath, String withChallenger, String withLabels, String store) {
        return new ReplayJob(TestSpark.spark(), Progress.silent())
                .run(new ReplayJob.Config(
                        model,
                        withChallenger,
                        trafficPath,
                        null,
                        withLabels,
                        null,
                        store,
                        1e-9,
                        List.of("platform"),
                        null,
                        "test"));
    }

    @Test
    void aModelReplayedOnItsOwnScoresHasNoMismatches() {
        ReplayJob.Report report = replay(traffic, null, null, null);
        assertThat(report.rows()).isEqualTo(1500);
        assertThat(report.mismatches()).isZero();
        assertThat(report.mismatched()).isEmpty();
        assertThat(report.maxAbsDifference()).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void perturbedRowsAreReportedExactlyWithTheFeatureBehindThem() {
        // The live feature pipeline served web users a stale score: 40 rows off by 0.05, one by 1e-6.
        Dataset<Row> served = TestSpark.spark().read().parquet(traffic);
        Set<String> perturbed =
                served.filter(col("platform").equalTo("web")).limit(40).select("prediction_id").collectAsList().stream()
                        .map(r -> r.getString(0))
                        .collect(Collectors.toSet());
        Dataset<Row> skewed = served.withColumn(
                "score",
                when(
                                col("prediction_id").isin(perturbed.toArray()),
                                col("score").multiply(0.9).plus(0.005))
                        .when(
                                col("prediction_id").equalTo("p00007"),
                                col("score").plus(1e-6))
                        .otherwise(col("score")));
        String skewedPath = dir.resolve("skewed.parquet").toString();
        OutputWriter.write(skewed, skewedPath);
        String store = dir.resolve("store").toString();

        ReplayJob.Report report = replay(skewedPath, null, labels, store);

        Set<String> expected = new java.util.HashSet<>(perturbed);
        expected.add("p00007");
        assertThat(report.mismatches()).isEqualTo(41);
        assertThat(report.mismatched())
                .extracting(ReplayJob.Mismatch::predictionId)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.mismatched().get(40).predictionId()).isEqualTo("p00007"); // the smallest difference last
        assertThat(report.associations().get(0).feature()).isEqualTo("platform");
        assertThat(report.comparisons()).anySatisfy(c -> {
            assertThat(c.slice()).isEqualTo("all");
            assertThat(c.metric()).isEqualTo("auc");
            assertThat(c.baseline()).isEqualTo("live");
            assertThat(c.n()).isEqualTo(1500);
        });
        List<Row> stored = new EvaluationStore(TestSpark.spark(), store)
                .replay()
                .filter(col("metric").equalTo("mismatches"))
                .collectAsList();
        assertThat(stored).hasSize(1);
        // The run is recorded, and its results carry its run id.
        Row run = new EvaluationStore(TestSpark.spark(), store).runs().first();
        assertThat(run.<String>getAs("job") + ":" + run.getAs("status")).isEqualTo("replay:succeeded");
        assertThat(run.<String>getAs("run_id"))
                .isEqualTo(report.runId())
                .isEqualTo(stored.get(0).getAs("run_id"));
        assertThat(stored.get(0).<Double>getAs("candidate_value")).isEqualTo(41.0);
    }

    @Test
    void aChallengerIsComparedWithTheChampionPerSliceWithPairedIntervals() {
        ReplayJob.Report report = replay(traffic, challenger, labels, null);
        List<ReplayComparison> auc = report.comparisons().stream()
                .filter(c -> c.baseline().equals("lr-model") && c.metric().equals("auc"))
                .toList();
        assertThat(auc)
                .extracting(ReplayComparison::slice)
                .containsExactly("all", "platform=android", "platform=ios", "platform=web");
        for (ReplayComparison c : auc) {
            assertThat(c.candidate()).isEqualTo("gbt-model");
            assertThat(c.ciLow()).isLessThanOrEqualTo(c.delta());
            assertThat(c.ciHigh()).isGreaterThanOrEqualTo(c.delta());
            assertThat(c.verdict()).isIn("better", "worse", "indistinguishable");
        }
        // Live and replayed scores are the same numbers: their AUC difference is exactly zero.
        ReplayComparison live = report.comparisons().stream()
                .filter(c -> c.baseline().equals("live")
                        && c.slice().equals("all")
                        && c.metric().equals("auc"))
                .findFirst()
                .orElseThrow();
        assertThat(live.delta()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void badModelsAndTrafficAreNamed() {
        assertThatThrownBy(() -> SavedModel.load(dir.toString()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a Verity model");
        Dataset<Row> served = TestSpark.spark().read().parquet(traffic);
        String noFeature = dir.resolve("no-feature.parquet").toString();
        OutputWriter.write(served.drop("messages"), noFeature);
        assertThatThrownBy(() -> replay(noFeature, null, null, null))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("column 'messages' is missing");
        String text = dir.resolve("text-feature.parquet").toString();
        OutputWriter.write(
                served.withColumn(
                        "minutes",
                        when(col("prediction_id").equalTo("p00003"), lit("lots"))
                                .otherwise(col("minutes"))),
                text);
        assertThatThrownBy(() -> replay(text, null, null, null))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("prediction_id p00003, column minutes: 'lots' is not a number");
    }
}
