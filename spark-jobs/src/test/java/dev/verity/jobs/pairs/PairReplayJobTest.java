package dev.verity.jobs.pairs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.Progress;
import dev.verity.jobs.TestSpark;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairReplayJobTest {
    @TempDir
    Path dir;

    /** Two rounds of 12 users; every user was served every peer with the true dot product, except the skewed pairs. */
    private PairReplayJob.Report replay(Set<String> skewed) {
        SplittableRandom random = new SplittableRandom(4);
        List<String> snapshots = new ArrayList<>(List.of("round_id,user_id,v0,v1,v2"));
        List<String> served = new ArrayList<>(List.of("round_id,user_id,peer_id,score,matched,duration_s"));
        for (String round : List.of("r1", "r2")) {
            int[][] vectors = new int[12][3];
            for (int u = 0; u < 12; u++) {
                for (int d = 0; d < 3; d++) {
                    vectors[u][d] = random.nextInt(-3, 4);
                }
                snapshots.add(String.format(
                        Locale.ROOT, "%s,u%02d,%d,%d,%d", round, u, vectors[u][0], vectors[u][1], vectors[u][2]));
            }
            for (int u = 0; u < 12; u++) {
                for (int p = 0; p < 12; p++) {
                    if (u != p) {
                        int dot = vectors[u][0] * vectors[p][0]
                                + vectors[u][1] * vectors[p][1]
                                + vectors[u][2] * vectors[p][2];
                        String key = round + "/u" + String.format("%02d", u) + "/u" + String.format("%02d", p);
                        double live =
                                skewed.contains(key) ? dot + 20 : dot; // a skewed pair jumps to the top of the list
                        boolean matched = random.nextDouble() < 0.3 + 0.05 * dot;
                        served.add(String.format(
                                Locale.ROOT,
                                "%s,u%02d,u%02d,%s,%d,%d",
                                round,
                                u,
                                p,
                                live,
                                matched ? 1 : 0,
                                matched ? random.nextInt(1200) : 0));
                    }
                }
            }
        }
        Path e = TestSpark.write(dir, "snapshots.csv", snapshots.toArray(String[]::new));
        Path r = TestSpark.write(dir, "rounds.csv", served.toArray(String[]::new));
        return new PairReplayJob(TestSpark.spark(), Progress.silent())
                .run(new PairReplayJob.Config(
                        r.toString(),
                        e.toString(),
                        null,
                        3,
                        5,
                        1e-9,
                        600,
                        dir.resolve("store").toString(),
                        "test"));
    }

    @Test
    void faithfullyServedRoundsAgreeCompletely() {
        PairReplayJob.Report report = replay(Set.of());
        assertThat(report.rounds()).isEqualTo(2);
        assertThat(report.pairs()).isEqualTo(2 * 12 * 11);
        assertThat(report.mismatched()).isEmpty();
        assertThat(report.meanOverlap()).isEqualTo(1.0);
        assertThat(report.meanKendallTau()).isEqualTo(1.0);
        assertThat(report.longMatchAuc().delta()).isEqualTo(0.0);
    }

    @Test
    void skewedPairsAreReportedExactlyAndLowerTheAgreement() {
        Set<String> skewed = Set.of("r1/u00/u05", "r1/u03/u04", "r2/u11/u00");
        PairReplayJob.Report report = replay(skewed);
        assertThat(report.mismatched())
                .extracting(p -> p.round() + "/" + p.user() + "/" + p.peer())
                .containsExactlyInAnyOrderElementsOf(skewed);
        assertThat(report.mismatched())
                .allSatisfy(p -> assertThat(p.live() - p.replay()).isEqualTo(20.0));
        assertThat(report.meanOverlap()).isLessThan(1.0);
        assertThat(report.meanKendallTau()).isLessThan(1.0);
        List<Row> stored = new EvaluationStore(
                        TestSpark.spark(), dir.resolve("store").toString())
                .replay()
                .filter("model = 'pair-scorer' AND metric = 'mismatches'")
                .collectAsList();
        assertThat(stored.get(0).<Double>getAs("candidate_value")).isEqualTo(3.0);
        Row run = new EvaluationStore(TestSpark.spark(), dir.resolve("store").toString())
                .runs()
                .first();
        assertThat(run.<String>getAs("job") + ":" + run.getAs("status")).isEqualTo("pair-replay:succeeded");
        assertThat(run.<String>getAs("run_id")).isEqualTo(stored.get(0).getAs("run_id"));
    }
}
