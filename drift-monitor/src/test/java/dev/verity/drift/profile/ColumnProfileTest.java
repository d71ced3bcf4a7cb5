package dev.verity.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.drift.FeatureKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Profiles against the exact values of the same rows: counts and nulls exact, quantiles within
 * the KLL rank error, distinct counts within the HLL bounds, frequent values with bounds around
 * their true counts; four days' profiles merged hold for their union; the bytes round trip.
 */
class ColumnProfileTest {
    private static final int DAYS = 4;
    private static final int ROWS_PER_DAY = 25_000;

    /** Log-normal values with a tenth missing, rounded to 3 decimals (many repeat). */
    private static Double[][] days() {
        Random random = new Random(3);
        Double[][] days = new Double[DAYS][ROWS_PER_DAY];
        for (Double[] day : days) {
            for (int i = 0; i < day.length; i++) {
                if (random.nextDouble() < 0.1) {
                    day[i] = random.nextBoolean() ? null : Double.NaN;
                } else {
                    day[i] = Math.round(Math.exp(random.nextGaussian()) * 1000) / 1000.0;
                }
            }
        }
        return days;
    }

    /** The values of {@code days} that are there (not null, not NaN), sorted. */
    private static double[] present(Double[][] days) {
        return Arrays.stream(days)
                .flatMap(Arrays::stream)
                .filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
    }

    private static ColumnProfile profile(Double[] values) {
        ColumnProfile profile = ColumnProfile.of(FeatureKind.NUMERIC);
        Arrays.stream(values).forEach(profile::addNumber);
        return profile;
    }

    @Test
    void mergedDaysKeepExactCountsAndQuantilesWithinTheirRankError() {
        Double[][] days = days();
        ColumnProfile merged = ColumnProfile.of(FeatureKind.NUMERIC);
        for (Double[] day : days) {
            merged.merge(ColumnProfile.fromBytes(profile(day).toBytes()));
        }
        double[] exact = present(days);
        long missing = (long) DAYS * ROWS_PER_DAY - exact.length;
        assertThat(merged.rows()).isEqualTo((long) DAYS * ROWS_PER_DAY);
        assertThat(merged.nulls()).isEqualTo(missing);
        assertThat(merged.nullRate()).isEqualTo((double) missing / (DAYS * ROWS_PER_DAY));
        for (double rank : new double[] {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
            ColumnProfile.Quantile q = merged.quantile(rank);
            // the true ranks the returned value spans (ties make it a range)
            double below = (double) countBelow(exact, q.value()) / exact.length;
            double atOrBelow = (double) countAtOrBelow(exact, q.value()) / exact.length;
            assertThat(rank).as("rank " + rank).isBetween(below - q.rankError(), atOrBelow + q.rankError());
            assertThat(q.rankError()).isLessThan(0.02);
        }
        Set<Double> distinct = new HashSet<>();
        Arrays.stream(exact).forEach(distinct::add);
        ColumnProfile.Estimate estimate = merged.distinct();
        assertThat((double) distinct.size()).isBetween(estimate.low(), estimate.high());
        assertThat(estimate.value()).isCloseTo(distinct.size(), org.assertj.core.data.Percentage.withPercentage(4));
    }

    @Test
    void frequentCategoriesAreFoundWithBoundsAroundTheirCounts() {
        Random random = new Random(9);
        ColumnProfile first = ColumnProfile.of(FeatureKind.CATEGORICAL);
        ColumnProfile second = ColumnProfile.of(FeatureKind.CATEGORICAL);
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < 40_000; i++) {
            // a few heavy countries and a long tail of 2,000 rare ones
            String country = random.nextDouble() < 0.7 ? "c" + random.nextInt(5) : "tail" + random.nextInt(2_000);
            String value = i % 50 == 0 ? null : country;
            (i % 2 == 0 ? first : second).addCategory(value);
            if (value != null) {
                counts.merge(value, 1L, Long::sum);
            }
        }
        ColumnProfile all = first.merge(ColumnProfile.fromBytes(second.toBytes()));
        assertThat(all.nulls()).isEqualTo(800);
        List<ColumnProfile.Frequent> frequent = all.frequentValues();
        for (int c = 0; c < 5; c++) {
            String heavy = "c" + c;
            assertThat(frequent).anySatisfy(f -> {
                assertThat(f.value()).isEqualTo(heavy);
                assertThat(counts.get(heavy)).isBetween(f.low(), f.high());
            });
        }
        assertThat((double) counts.size())
                .isBetween(all.distinct().low(), all.distinct().high());
    }

    @Test
    void fewValuesAreKeptExactlyAndManyWithinTheShareError() {
        ColumnProfile small = profile(new Double[] {2.0, 1.0, 2.0, null, 3.0, 2.0});
        assertThat(small.exact()).isTrue();
        assertThat(small.shareError()).isZero();
        assertThat(small.weightedValues()).containsExactly(Map.entry(1.0, 1L), Map.entry(2.0, 3L), Map.entry(3.0, 1L));

        Double[][] days = days();
        ColumnProfile merged = ColumnProfile.of(FeatureKind.NUMERIC);
        Arrays.stream(days).forEach(day -> merged.merge(profile(day)));
        double[] exact = present(days);
        assertThat(merged.exact()).isFalse();
        Map<Double, Long> weighted = merged.weightedValues();
        assertThat(weighted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(exact.length);
        long cumulative = 0;
        for (Map.Entry<Double, Long> value : weighted.entrySet()) {
            cumulative += value.getValue();
            // the sketch's share at or below a value against the true share at or below it
            double share = (double) cumulative / exact.length;
            double trueShare = (double) countAtOrBelow(exact, value.getKey()) / exact.length;
            assertThat(share).isCloseTo(trueShare, org.assertj.core.data.Offset.offset(merged.shareError()));
        }
    }

    @Test
    void categoriesBeyondTheSketchCountAsOtherValuesWithinTheShareError() {
        ColumnProfile few = ColumnProfile.of(FeatureKind.CATEGORICAL);
        List.of("a", "b", "a", "c").forEach(few::addCategory);
        few.addCategory(null);
        assertThat(few.exact()).isTrue();
        assertThat(few.categoryCounts()).containsExactly(Map.entry("a", 2L), Map.entry("b", 1L), Map.entry("c", 1L));

        Random random = new Random(5);
        ColumnProfile many = ColumnProfile.of(FeatureKind.CATEGORICAL);
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            String value = random.nextDouble() < 0.6 ? "c" + random.nextInt(4) : "tail" + random.nextInt(3_000);
            many.addCategory(value);
            counts.merge(value, 1L, Long::sum);
        }
        assertThat(many.exact()).isFalse();
        Map<String, Long> kept = many.categoryCounts();
        assertThat(kept.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30_000);
        kept.forEach((value, n) -> {
            if (!value.equals(ColumnProfile.OTHER_VALUES)) {
                // the rows it surely saw: never more than the true count, at most the error fewer
                assertThat(counts.get(value) - n).isBetween(0L, Math.round(many.shareError() * 30_000));
            }
        });
        assertThat(kept).containsKeys("c0", "c1", "c2", "c3", ColumnProfile.OTHER_VALUES);
        assertThat(many.shareError()).isLessThan(0.05);
    }

    @Test
    void anEmptyProfileSaysItKnowsNothingAndKindsDoNotMix() {
        ColumnProfile empty = ColumnProfile.of(FeatureKind.NUMERIC);
        assertThat(empty.nullRate()).isNaN();
        assertThat(empty.quantile(0.5).value()).isNaN();
        assertThat(empty.distinct().value()).isZero();
        assertThatThrownBy(() -> empty.addCategory("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> empty.merge(ColumnProfile.of(FeatureKind.CATEGORICAL)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColumnProfile.fromBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
        ColumnProfile back = ColumnProfile.fromBytes(
                ColumnProfile.of(FeatureKind.CATEGORICAL).toBytes());
        assertThat(back.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(back.frequentValues()).isEmpty();
    }

    private static long countBelow(double[] sorted, double v) {
        return Arrays.stream(sorted).filter(x -> x < v).count();
    }

    private static long countAtOrBelow(double[] sorted, double v) {
        return Arrays.stream(sorted).filter(x -> x <= v).count();
    }
}
