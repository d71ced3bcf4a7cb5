package dev.verity.metrics.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SliceSearchTest {
    private static final int[] CARDINALITY = {4, 6, 5, 8, 3, 7};
    private static final int ROWS = 40_000;
    /** SliceLine's paper's weight: on these 40,000 rows it prunes; the default, for subtler losses, would not. */
    private static final double PAPER_ALPHA = 0.95;

    /** Rows of codes per column and a loss; a combination of three columns has its loss raised. */
    private record Data(int[][] codes, double[] loss) {}

    private static Data data(long seed) {
        Random random = new Random(seed);
        int[][] codes = new int[ROWS][CARDINALITY.length];
        double[] loss = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < CARDINALITY.length; c++) {
                codes[r][c] = random.nextInt(CARDINALITY[c]);
            }
            // an exponential loss, mean 0.5; five times that where c0=1, c2=3 and c4=0 meet (1 in 60 rows)
            boolean planted = codes[r][0] == 1 && codes[r][2] == 3 && codes[r][4] == 0;
            loss[r] = -Math.log(1 - random.nextDouble()) * (planted ? 2.5 : 0.5);
        }
        return new Data(codes, loss);
    }

    /** Evaluates the keys on the rows as the Spark job does: every combination of the row's predicates looked up. */
    private static Map<Long, LossStats> evaluate(Data data, List<Long> keys, int depth) {
        Map<Long, LossStats> wanted = new HashMap<>();
        keys.forEach(k -> wanted.put(k, new LossStats()));
        Map<Long, LossStats> out = new HashMap<>();
        for (int r = 0; r < ROWS; r++) {
            int[] p = new int[CARDINALITY.length];
            for (int c = 0; c < p.length; c++) {
                p[c] = SliceKey.predicate(c, data.codes()[r][c]);
            }
            for (long key : combinations(p, depth)) {
                LossStats s = depth == 1 ? out.computeIfAbsent(key, k -> new LossStats()) : wanted.get(key);
                if (s != null) {
                    s.add(data.loss()[r]);
                }
            }
        }
        if (depth > 1) {
            wanted.forEach((k, s) -> {
                if (s.n() > 0) {
                    out.put(k, s);
                }
            });
        }
        return out;
    }

    private static List<Long> combinations(int[] p, int depth) {
        List<Long> out = new ArrayList<>();
        for (int a = 0; a < p.length; a++) {
            if (depth == 1) {
                out.add(SliceKey.of(0, p[a]));
                continue;
            }
            for (int b = a + 1; b < p.length; b++) {
                if (depth == 2) {
                    out.add(SliceKey.of(0, p[a], p[b]));
                    continue;
                }
                for (int c = b + 1; c < p.length; c++) {
                    out.add(SliceKey.of(0, p[a], p[b], p[c]));
                }
            }
        }
        return out;
    }

    private static SliceSearch search(Data data, boolean prune) {
        LossStats total = new LossStats();
        for (double l : data.loss()) {
            total.add(l);
        }
        SliceSearch search = new SliceSearch(total, 3, ROWS / 100, 10, PAPER_ALPHA, prune);
        search.accept(evaluate(data, List.of(), 1));
        for (int depth = 2; !search.done(); depth++) {
            search.accept(evaluate(data, search.candidates(), depth));
        }
        return search;
    }

    @Test
    void prunedSearchFindsTheExhaustiveTopTenEvaluatingFewerSlices() {
        for (long seed = 1; seed <= 3; seed++) {
            Data data = data(seed);
            SliceSearch pruned = search(data, true);
            SliceSearch exhaustive = search(data, false);

            assertThat(pruned.top(1).stream().map(i -> i.found().key()).toList())
                    .hasSizeGreaterThan(3)
                    .isEqualTo(
                            exhaustive.top(1).stream().map(i -> i.found().key()).toList());
            assertThat(pruned.evaluated()).isLessThan(exhaustive.evaluated() / 4);
            long planted = SliceKey.of(0, SliceKey.predicate(0, 1), SliceKey.predicate(2, 3), SliceKey.predicate(4, 0));
            assertThat(pruned.top(1).get(0).found().key()).isEqualTo(planted);
        }
    }

    @Test
    void everyCombinationIsEvaluatedOnceWithoutPruning() {
        Data data = data(7);
        long combinations = 0;
        for (int a = 0; a < CARDINALITY.length; a++) {
            combinations += CARDINALITY[a];
            for (int b = a + 1; b < CARDINALITY.length; b++) {
                combinations += (long) CARDINALITY[a] * CARDINALITY[b];
                for (int c = b + 1; c < CARDINALITY.length; c++) {
                    combinations += (long) CARDINALITY[a] * CARDINALITY[b] * CARDINALITY[c];
                }
            }
        }
        // 40,000 rows fill every combination of at most three of these columns (none pruned for its size)
        assertThat(search(data, false).evaluated()).isEqualTo(combinations);
    }

    @Test
    void theIntervalIsWelchsAtTheBonferroniLevel() {
        // slice {1, 2, 3, 4} against rest {0, 0, 1, 1, 2, 2}: means 2.5 and 1, variances 5/3 and 0.8
        LossStats total = new LossStats();
        double[] slice = {1, 2, 3, 4};
        double[] rest = {0, 0, 1, 1, 2, 2};
        LossStats s = new LossStats();
        for (double v : slice) {
            s.add(v);
            total.add(v);
        }
        for (double v : rest) {
            total.add(v);
        }
        SliceSearch search = new SliceSearch(total, 1, 1, 10, SliceSearch.DEFAULT_ALPHA, true);
        search.accept(Map.of(SliceKey.of(0, SliceKey.predicate(0, 1)), s));
        double se = Math.sqrt((5.0 / 3) / 4 + 0.8 / 6);
        SliceSearch.Interval one = search.top(1).get(0);
        assertThat(one.found().delta()).isCloseTo(1.5, within(1e-12));
        // z of 0.975 and of 1 - 0.05 / 40 (scipy.stats.norm.ppf)
        assertThat(one.ciLow()).isCloseTo(1.5 - 1.959963984540054 * se, within(1e-9));
        assertThat(search.top(20).get(0).ciHigh()).isCloseTo(1.5 + 3.023341439739154 * se, within(1e-9));
    }

    @Test
    void keysHoldTheirPredicatesInColumnOrder() {
        int a = SliceKey.predicate(0, 4095);
        int b = SliceKey.predicate(14, 7);
        long key = SliceKey.of(65_535, a, b);
        assertThat(SliceKey.population(key)).isEqualTo(65_535);
        assertThat(SliceKey.depth(key)).isEqualTo(2);
        assertThat(SliceKey.column(SliceKey.predicateAt(key, 1))).isEqualTo(14);
        assertThat(SliceKey.value(SliceKey.predicateAt(key, 0))).isEqualTo(4095);
        assertThat(SliceKey.without(key, 0)).isEqualTo(SliceKey.of(65_535, b));
        assertThat(SliceKey.with(SliceKey.of(65_535, a), b)).isEqualTo(key);
    }

    @Test
    void lossBucketsHaveTheirUpperEdgesInclusive() {
        assertThat(LossStats.bucket(0)).isZero();
        assertThat(LossStats.bucket(1.0 / 256)).isZero();
        assertThat(LossStats.bucket(1.0 / 256 + 1e-12)).isEqualTo(1);
        assertThat(LossStats.bucket(1.0)).isEqualTo(8);
        assertThat(LossStats.bucket(4.0)).isEqualTo(10);
        assertThat(LossStats.bucket(4.5)).isEqualTo(11);
        assertThat(LossStats.bucket(1e300)).isEqualTo(11);
    }
}
