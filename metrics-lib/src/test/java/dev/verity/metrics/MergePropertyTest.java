package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * metric(merge of states over any partition, in any order) == metric(state of the union).
 * Binary metrics are computed from sorted arrays, so they agree exactly; sums in the ranking and
 * regression states depend on the addition order only in the last bits (1e-12).
 */
class MergePropertyTest {

    @RepeatedTest(20)
    void binaryStatesMergeToTheUnion(RepetitionInfo info) {
        Random random = new Random(100 + info.getCurrentRepetition());
        List<double[]> rows = randomRows(random, 1 + random.nextInt(500), true);
        assertMergeEqualsUnion(
                random, rows, () -> new BinaryState(0.5), (s, r) -> s.add(r[0], r[1]), BinaryState::fromBytes, 0.0);
    }

    @RepeatedTest(20)
    void regressionStatesMergeToTheUnion(RepetitionInfo info) {
        Random random = new Random(200 + info.getCurrentRepetition());
        List<double[]> rows = randomRows(random, random.nextInt(300), false);
        assertMergeEqualsUnion(
                random, rows, RegressionState::new, (s, r) -> s.add(r[0], r[1]), RegressionState::fromBytes, 1e-12);
    }

    @RepeatedTest(20)
    void rankingStatesMergeToTheUnion(RepetitionInfo info) {
        Random random = new Random(300 + info.getCurrentRepetition());
        List<double[]> queries = new ArrayList<>();
        for (int q = random.nextInt(40); q > 0; q--) {
            int items = 1 + random.nextInt(12);
            double[] query = new double[2 * items];
            for (int i = 0; i < items; i++) {
                query[i] = Math.rint(random.nextDouble() * 5) / 5;
                query[items + i] = random.nextInt(4);
            }
            queries.add(query);
        }
        assertMergeEqualsUnion(
                random,
                queries,
                () -> new RankingState(1, 3, 10),
                (s, q) -> {
                    int items = q.length / 2;
                    s.addQuery(java.util.Arrays.copyOf(q, items), java.util.Arrays.copyOfRange(q, items, q.length));
                },
                RankingState::fromBytes,
                1e-12);
    }

    interface Adder<S> {
        void add(S state, double[] row);
    }

    private static <S extends MetricState<S>> void assertMergeEqualsUnion(
            Random random,
            List<double[]> rows,
            Supplier<S> empty,
            Adder<S> adder,
            Function<byte[], S> decode,
            double tolerance) {
        S union = empty.get();
        rows.forEach(r -> adder.add(union, r));

        List<S> parts = new ArrayList<>();
        int partCount = 1 + random.nextInt(6);
        for (int i = 0; i < partCount; i++) {
            parts.add(empty.get());
        }
        rows.forEach(r -> adder.add(parts.get(random.nextInt(partCount)), r));
        Collections.shuffle(parts, random);
        // Round-trip every part through its binary form, as Spark's shuffle does.
        S merged = empty.get();
        for (S part : parts) {
            merged.merge(decode.apply(part.toBytes()));
        }

        assertThat(merged.count()).isEqualTo(union.count());
        List<MetricValue> expected = union.compute();
        List<MetricValue> got = merged.compute();
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
            MetricValue e = expected.get(i);
            MetricValue g = got.get(i);
            assertThat(g.name()).isEqualTo(e.name());
            assertThat(g.reason()).isEqualTo(e.reason());
            if (e.isDefined()) {
                assertThat(g.value()).as(e.name()).isCloseTo(e.value(), within(tolerance));
            }
        }
    }

    private static List<double[]> randomRows(Random random, int size, boolean binary) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            double label = binary ? random.nextInt(2) : random.nextGaussian() * 3;
            double score = binary ? Math.rint(random.nextDouble() * 20) / 20 : label + random.nextGaussian();
            rows.add(new double[] {score, label});
        }
        return rows;
    }
}
