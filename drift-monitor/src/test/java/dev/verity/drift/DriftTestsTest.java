package dev.verity.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Expected values from SciPy 1.10: ks_2samp(method="asymp"), wasserstein_distance / np.std(ref),
 * chi2_contingency(correction=False), jensenshannon, and PSI written out in NumPy on
 * np.quantile deciles with shares floored at 1e-4.
 */
class DriftTestsTest {
    private static final double EXACT = 1e-12;
    static final NumericDistribution REF_A =
            NumericDistribution.of(1.2, 3.4, 2.2, 5.0, 3.4, 0.7, 2.2, 4.1, 3.3, 2.8, 1.9, 3.4);
    static final NumericDistribution CUR_A = NumericDistribution.of(2.5, 3.9, 4.4, 5.1, 3.4, 6.0, 4.8, 2.2);

    private static DriftResult numeric(String method, NumericDistribution ref, NumericDistribution cur) {
        return DriftTests.numeric("x", ref, cur, method, null);
    }

    @Test
    void smallNumericSampleWithTies() {
        DriftResult ks = numeric("ks", REF_A, CUR_A);
        assertThat(ks.statistic()).isCloseTo(0.45833333333333337, within(EXACT));
        assertThat(ks.pValue()).isCloseTo(0.17808371511702681, within(1e-9));
        assertThat(ks.drifted()).isFalse();
        assertThat(numeric("wasserstein", REF_A, CUR_A).statistic()).isCloseTo(1.0598494553334734, within(EXACT));
        assertThat(numeric("psi", REF_A, CUR_A).statistic()).isCloseTo(2.75033405473404, within(1e-9));
        assertThat(numeric("jensenshannon", REF_A, CUR_A).statistic()).isCloseTo(0.4019334771385723, within(1e-9));
    }

    @Test
    void largerSamplesUseTheKolmogorovDistribution() {
        NumericDistribution ref = NumericDistribution.of(IntStream.range(0, 3000)
                .mapToDouble(i -> ((i * 7919L) % 3001) / 3001.0)
                .toArray());
        NumericDistribution cur = NumericDistribution.of(IntStream.range(0, 2000)
                .mapToDouble(j -> ((j * 104729L) % 2003) / 2003.0 * 1.05)
                .toArray());
        DriftResult ks = numeric("ks", ref, cur);
        assertThat(ks.statistic()).isCloseTo(0.048000000000000043, within(EXACT));
        // Past n = 140 Commons Math evaluates the Kolmogorov distribution by the Pelz-Good series,
        // which agrees with SciPy's kstwo to about 1e-6 relative (here 4e-9 absolute).
        assertThat(ks.pValue())
                .isCloseTo(0.0076711982329981552, org.assertj.core.api.Assertions.withinPercentage(1e-4));
        assertThat(ks.drifted()).isTrue();
        assertThat(numeric("wasserstein", ref, cur).statistic()).isCloseTo(0.086494982683414212, within(1e-10));
        assertThat(numeric("psi", ref, cur).statistic()).isCloseTo(0.017507286785042257, within(1e-10));
        assertThat(numeric("jensenshannon", ref, cur).statistic()).isCloseTo(0.046671192181518315, within(1e-10));
    }

    @Test
    void oneRowReferenceAndConstantColumns() {
        NumericDistribution one = NumericDistribution.of(0.5);
        NumericDistribution cur = NumericDistribution.of(0.5, 0.7, 0.9);
        assertThat(numeric("ks", one, cur).statistic()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(numeric("ks", one, cur).pValue()).isCloseTo(0.66666666666666652, within(1e-9));
        // A constant reference has no spread: the distance is divided by 0.001, so a shift shows.
        assertThat(numeric("wasserstein", one, cur).statistic()).isCloseTo(200, within(1e-9));
        assertThat(numeric("psi", one, cur).statistic()).isEqualTo(0.0);
        DriftResult same = numeric("ks", NumericDistribution.of(3, 3, 3), NumericDistribution.of(3, 3));
        assertThat(same.statistic()).isEqualTo(0.0);
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.drifted()).isFalse();
    }

    @Test
    void emptySideIsUndefinedWithAReasonNotACrash() {
        NumericDistribution empty = NumericDistribution.of();
        for (String method : List.of("ks", "wasserstein", "psi", "jensenshannon")) {
            DriftResult result = numeric(method, REF_A, empty);
            assertThat(result.statistic()).as(method).isNull();
            assertThat(result.drifted()).isNull();
            assertThat(result.reason()).isEqualTo("no values in the current data");
        }
    }

    @Test
    void categoriesIncludingOneSeenOnlyInCurrent() {
        CategoricalDistribution ref = CategoricalDistribution.ofCounts(Map.of("a", 30L, "b", 50L, "c", 20L));
        CategoricalDistribution cur = CategoricalDistribution.ofCounts(Map.of("a", 25L, "b", 40L, "c", 30L, "d", 5L));
        DriftResult chi2 = DriftTests.categorical("c", ref, cur, "chi2", null);
        assertThat(chi2.statistic()).isCloseTo(8.5656565656565657, within(1e-10));
        assertThat(chi2.pValue()).isCloseTo(0.035659448485997329, within(1e-9));
        assertThat(chi2.drifted()).isTrue();
        assertThat(DriftTests.categorical("c", ref, cur, "psi", null).statistic())
                .isCloseTo(0.38208588789320241, within(1e-10));
        assertThat(DriftTests.categorical("c", ref, cur, "jensenshannon", null).statistic())
                .isCloseTo(0.16110931685956098, within(1e-10));
    }

    @Test
    void twoProportionZTest() {
        CategoricalDistribution ref = CategoricalDistribution.ofCounts(Map.of("yes", 70L, "no", 30L));
        CategoricalDistribution cur = CategoricalDistribution.ofCounts(Map.of("yes", 55L, "no", 45L));
        DriftResult z = DriftTests.categorical("b", ref, cur, "ztest", null);
        // The first category in sorted order is "no": 0.30 vs 0.45.
        assertThat(z.statistic()).isCloseTo(-2.1908902300206634, within(1e-10));
        assertThat(z.pValue()).isCloseTo(0.028459736916310645, within(1e-9));
        assertThat(DriftTests.categorical("b", CategoricalDistribution.of("a", "b", "c"), ref, "ztest", null)
                        .reason())
                .contains("binary feature");
    }

    @Test
    void autoPicksByKindAndReferenceSize() {
        assertThat(numeric("auto", REF_A, CUR_A).method()).isEqualTo("ks");
        NumericDistribution big = NumericDistribution.of(
                IntStream.range(0, 1001).mapToDouble(i -> i).toArray());
        assertThat(numeric("auto", big, CUR_A).method()).isEqualTo("wasserstein");
        // Few distinct values: compared as categories.
        DriftResult fewValues = numeric("auto", NumericDistribution.of(0, 1, 1, 0, 1), NumericDistribution.of(1, 1, 1));
        assertThat(fewValues.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(fewValues.method()).isEqualTo("chi2");
        CategoricalDistribution many = CategoricalDistribution.ofCounts(Map.of("a", 800L, "b", 201L));
        assertThat(DriftTests.categorical("c", many, many, "auto", null).method())
                .isEqualTo("jensenshannon");
        assertThat(DriftTests.categorical("c", many, many, "auto", 0.3).threshold())
                .isEqualTo(0.3);
    }

    @Test
    void unknownMethodListsTheValidOnes() {
        assertThatThrownBy(() -> DriftTests.byName("kl"))
                .hasMessageContaining("use one of auto, ks, psi, wasserstein, jensenshannon, chi2, ztest");
        assertThatThrownBy(() -> DriftTests.categorical(
                        "c", CategoricalDistribution.of("a"), CategoricalDistribution.of("b"), "ks", null))
                .hasMessageContaining("ks cannot test the categorical feature 'c'");
    }

    @Test
    void datasetDriftWhenAtLeastHalfDrifted() {
        DriftResult yes = new DriftResult("a", FeatureKind.NUMERIC, "ks", 0.5, 0.01, 0.05, true, null);
        DriftResult no = new DriftResult("b", FeatureKind.NUMERIC, "ks", 0.1, 0.5, 0.05, false, null);
        assertThat(DriftTests.datasetDrift(List.of(yes, no))).isTrue();
        assertThat(DriftTests.datasetDrift(List.of(yes, no, no))).isFalse();
        assertThat(DriftTests.datasetDrift(List.of())).isFalse();
    }

    @Test
    void quantilesInterpolateAsNumpy() {
        // np.quantile([1, 2, 2, 4], [0.1, 0.5, 0.9]) = [1.3, 2.0, 3.4]
        NumericDistribution d = NumericDistribution.of(1, 2, 2, 4);
        assertThat(d.quantile(0.1)).isCloseTo(1.3, within(EXACT));
        assertThat(d.quantile(0.5)).isCloseTo(2.0, within(EXACT));
        assertThat(d.quantile(0.9)).isCloseTo(3.4, within(EXACT));
    }
}
