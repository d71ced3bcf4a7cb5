package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The sorted-counts engine against the in-memory {@link BinaryState}: the same rows, compressed
 * into score runs, cut into segments at random run boundaries, walked with their offsets and
 * merged in a random order, give every metric to 1e-12 (the definitions are exact; only the
 * summation order differs).
 */
/** Spark-free: in {@code mvn test -Dgroups=fast}. */
class BinaryCountsTest {
    private static final double EXACT = 1e-12;

    /** One distinct score with its positives and negatives. */
    private record Run(double score, long pos, long neg) {}

    private static List<Run> runs(double[] scores, int[] labels) {
        TreeMap<Double, long[]> counts = new TreeMap<>();
        for (int i = 0; i < scores.length; i++) {
            counts.computeIfAbsent(scores[i], s -> new long[2])[labels[i]]++;
        }
        List<Run> out = new ArrayList<>();
        counts.forEach((score, c) -> out.add(new Run(score, c[1], c[0])));
        return out;
    }

    /** Cuts the runs into {@code segments} pieces at random boundaries and merges their walks shuffled. */
    private static BinaryCounts segmented(List<Run> runs, int segments, double threshold, Random random) {
        return segmented(runs, segments, threshold, Calibration.DEFAULT_BINS, random);
    }

    private static BinaryCounts segmented(List<Run> runs, int segments, double threshold, int bins, Random random) {
        long positives = runs.stream().mapToLong(Run::pos).sum();
        long negatives = runs.stream().mapToLong(Run::neg).sum();
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            cuts.add(i);
        }
        Collections.shuffle(cuts, random);
        List<Integer> bounds = new ArrayList<>(cuts.subList(0, Math.min(segments - 1, cuts.size())));
        bounds.add(0);
        bounds.add(runs.size());
        Collections.sort(bounds);
        List<BinaryCounts> parts = new ArrayList<>();
        long posBelow = 0;
        long negBelow = 0;
        for (int b = 0; b + 1 < bounds.size(); b++) {
            BinaryCounts.Walk walk = BinaryCounts.walk(threshold, bins, positives, negatives, posBelow, negBelow);
            for (Run run : runs.subList(bounds.get(b), bounds.get(b + 1))) {
                walk.add(run.score(), run.pos(), run.neg());
                posBelow += run.pos();
                negBelow += run.neg();
            }
            parts.add(walk.result());
        }
        Collections.shuffle(parts, random);
        BinaryCounts merged = new BinaryCounts(threshold, bins);
        parts.forEach(merged::merge);
        return merged;
    }

    private static void assertSameMetrics(
            double[] scores, int[] labels, double threshold, int segments, Random random) {
        assertSameMetrics(scores, labels, threshold, Calibration.DEFAULT_BINS, segments, random);
    }

    /** Every metric, the calibration bins' curve included, equal to the in-memory state's. */
    private static void assertSameMetrics(
            double[] scores, int[] labels, double threshold, int bins, int segments, Random random) {
        BinaryState state = new BinaryState(threshold, bins);
        for (int i = 0; i < scores.length; i++) {
            state.add(scores[i], labels[i]);
        }
        List<MetricValue> expected = state.compute();
        List<MetricValue> got = segmented(runs(scores, labels), segments, threshold, bins, random)
                .compute();
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            MetricValue e = expected.get(i);
            MetricValue g = got.get(i);
            assertThat(g.name()).isEqualTo(e.name());
            if (e.isDefined()) {
                assertThat(g.value()).as(e.name()).isCloseTo(e.value(), within(EXACT));
            } else {
                assertThat(g).as(e.name()).isEqualTo(e);
            }
        }
    }

    private static double[] randomScores(Random random, int size, int decimals) {
        double[] scores = new double[size];
        double scale = Math.pow(10, decimals);
        for (int i = 0; i < size; i++) {
            scores[i] = decimals < 0 ? random.nextDouble() : Math.round(random.nextDouble() * scale) / scale;
        }
        return scores;
    }

    private static int[] labelsFor(double[] scores, Random random, double positiveShare) {
        int[] labels = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            labels[i] = random.nextDouble() < positiveShare * (0.5 + scores[i]) ? 1 : 0;
        }
        return labels;
    }

    @Test
    void untiedScoresInManySegments() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            double[] scores = randomScores(random, 500 + random.nextInt(1500), -1);
            assertSameMetrics(scores, labelsFor(scores, random, 0.4), 0.5, 1 + random.nextInt(12), random);
        }
    }

    @Test
    void heavilyTiedScoresInManySegments() {
        Random random = new Random(12);
        for (int trial = 0; trial < 20; trial++) {
            // 1 or 2 decimals: at most 101 distinct scores for up to 2,000 rows.
            double[] scores = randomScores(random, 200 + random.nextInt(1800), 1 + random.nextInt(2));
            assertSameMetrics(
                    scores,
                    labelsFor(scores, random, 0.3),
                    0.3 + random.nextInt(5) / 10.0,
                    1 + random.nextInt(20),
                    1 + random.nextInt(8),
                    random);
        }
    }

    @Test
    void oneSegmentPerRun() {
        double[] scores = {0.2, 0.2, 0.5, 0.5, 0.5, 0.9, 0.1, 0.7};
        int[] labels = {0, 1, 0, 1, 1, 1, 0, 0};
        assertSameMetrics(scores, labels, 0.5, scores.length, new Random(1));
        // scikit-learn 1.2 on these rows (BinaryStateTest.tiedScoresGetHalfCredit).
        List<MetricValue> got =
                segmented(runs(scores, labels), 5, 0.5, new Random(2)).compute();
        assertThat(BinaryStateTest.byName(got).get("auc").value()).isCloseTo(0.65625, within(EXACT));
        assertThat(BinaryStateTest.byName(got).get("pr_auc").value()).isCloseTo(0.69285714285714284, within(EXACT));
        assertThat(BinaryStateTest.byName(got).get("auc_ci_low").value()).isCloseTo(0.23486248800155507, within(EXACT));
    }

    @Test
    void singleClassTinyAndEmptyGroupsAreUndefinedAsInMemory() {
        Random random = new Random(3);
        assertSameMetrics(new double[] {0.1, 0.4, 0.4}, new int[] {1, 1, 1}, 0.5, 2, random);
        assertSameMetrics(new double[] {0.1, 0.4, 0.4}, new int[] {0, 0, 0}, 0.5, 2, random);
        assertSameMetrics(new double[] {0.3, 0.6}, new int[] {1, 0}, 0.5, 2, random);
        assertSameMetrics(new double[] {0.3, 0.3, 0.6}, new int[] {1, 0, 0}, 0.5, 1, random);
        assertSameMetrics(new double[] {0.0, 1.0, 1.0, 0.0}, new int[] {0, 1, 1, 0}, 1.0, 3, random);
        assertThat(new BinaryCounts(0.5).compute()).isEqualTo(new BinaryState(0.5).compute());
    }

    @Test
    void runsOutOfOrderOrBeyondTheTotalsAreRefused() {
        BinaryCounts.Walk walk =
                BinaryCounts.walk(0.5, Calibration.DEFAULT_BINS, 2, 2, 0, 0).add(0.4, 1, 1);
        assertThatThrownBy(() -> walk.add(0.4, 1, 0)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> walk.add(0.6, 2, 0)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> BinaryCounts.walk(0.5, Calibration.DEFAULT_BINS, 2, 2, 3, 0))
                .hasMessageContaining("do not fit");
        BinaryCounts state = new BinaryCounts(0.5);
        assertThatThrownBy(() -> state.merge(state)).hasMessageContaining("itself");
    }

    @Test
    void formatThreeIsPinnedFormatTwoStillReadsAndJavaSerializationUsesIt() throws Exception {
        BinaryCounts state = BinaryCounts.walk(0.5, Calibration.DEFAULT_BINS, 1, 1, 0, 0)
                .add(0.25, 1, 0)
                .add(0.75, 0, 1)
                .result();
        byte[] bytes = state.toBytes();
        String golden = HexFormat.of().formatHex(bytes);
        // format 3, the binary counts family, the threshold, the 10 calibration bins (then their sums), ...
        assertThat(golden).startsWith("03" + "05" + "3fe0000000000000" + "0000000a");
        assertThat(BinaryCounts.fromBytes(HexFormat.of().parseHex(golden)).compute())
                .isEqualTo(state.compute());
        String formatTwo = "02" + golden.substring(4);
        assertThat(BinaryCounts.fromBytes(HexFormat.of().parseHex(formatTwo)).compute())
                .isEqualTo(state.compute());
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(buffer)) {
            out.writeObject(state);
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(buffer.toByteArray()))) {
            assertThat(((BinaryCounts) in.readObject()).compute()).isEqualTo(state.compute());
        }
    }
}
