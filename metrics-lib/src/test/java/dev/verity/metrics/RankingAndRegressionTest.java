package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected NDCG values from scikit-learn 1.2 {@code ndcg_score(..., ignore_ties=False)}. */
class RankingAndRegressionTest {
    private static final double EXACT = 1e-12;
    private static final double[] Q1_SCORES = {0.9, 0.8, 0.8, 0.7, 0.7, 0.1};
    private static final double[] Q1_REL = {3, 2, 3, 0, 1, 2};
    private static final double[] Q2_SCORES = {0.5, 0.5, 0.5, 0.2};
    private static final double[] Q2_REL = {0, 1, 0, 2};

    @Test
    void tieAveragedNdcgMatchesScikitLearn() {
        int[] ks = {1, 2, 3, 5, 10};
        double[] q1 = {1, 0.93552453212757658, 0.98889068081525255, 0.87328011093909153, 0.97304412923765049};
        double[] q2 = {
            0.16666666666666666, 0.20663541109468855, 0.26998437221401095, 0.5973793226027504, 0.5973793226027504
        };
        for (int i = 0; i < ks.length; i++) {
            assertThat(Ndcg.ofQuery(Q1_SCORES, Q1_REL, ks[i]))
                    .as("q1 k=" + ks[i])
                    .isCloseTo(q1[i], within(EXACT));
            assertThat(Ndcg.ofQuery(Q2_SCORES, Q2_REL, ks[i]))
                    .as("q2 k=" + ks[i])
                    .isCloseTo(q2[i], within(EXACT));
        }
    }

    @Test
    void hardCheckedSmallCase() {
        // One relevant item ranked second: DCG = 1 / log2(3), ideal = 1.
        assertThat(Ndcg.ofQuery(new double[] {0.9, 0.5}, new double[] {0, 1}, 2))
                .isCloseTo(1 / (Math.log(3) / Math.log(2)), within(EXACT));
        // Single item.
        assertThat(Ndcg.ofQuery(new double[] {0.2}, new double[] {4}, 5)).isEqualTo(1.0);
    }

    @Test
    void queriesWithoutRelevantItemsAreLeftOutAndCounted() {
        RankingState state = new RankingState(2, 10)
                .addQuery(Q1_SCORES, Q1_REL)
                .addQuery(Q2_SCORES, Q2_REL)
                .addQuery(new double[] {0.3, 0.1}, new double[] {0, 0});
        List<MetricValue> values = state.compute();
        assertThat(state.count()).isEqualTo(2);
        assertThat(values.get(0).name()).isEqualTo("ndcg@2");
        assertThat(values.get(0).value()).isCloseTo((0.93552453212757658 + 0.20663541109468855) / 2, within(EXACT));
        assertThat(values.get(1).value()).isCloseTo((0.97304412923765049 + 0.5973793226027504) / 2, within(EXACT));
        assertThat(BinaryStateTest.byName(values).get(RankingState.EXCLUDED_QUERIES))
                .isEqualTo(MetricValue.of(RankingState.EXCLUDED_QUERIES, 1));
    }

    @Test
    void noRelevantQueryAtAllIsUndefined() {
        RankingState state = new RankingState(5).addQuery(new double[] {0.3}, new double[] {0});
        assertThat(state.compute().get(0).reason()).contains("no query with a relevant item");
    }

    @Test
    void negativeRelevanceOrNanScoreIsRejectedWithTheItem() {
        assertThatThrownBy(() -> Ndcg.ofQuery(new double[] {0.3, 0.1}, new double[] {1, -1}, 2))
                .hasMessageContaining("item 1");
        assertThatThrownBy(() -> Ndcg.ofQuery(new double[] {Double.NaN}, new double[] {1}, 2))
                .hasMessageContaining("item 0");
    }

    @Test
    void rmseAndMae() {
        RegressionState state =
                new RegressionState().add(2.5, 3.0).add(0.0, -0.5).add(2, 2).add(8, 7);
        // scikit-learn's mean_squared_error example: MSE 0.375; MAE 0.5.
        assertThat(state.compute())
                .containsExactly(MetricValue.of("rmse", Math.sqrt(0.375)), MetricValue.of("mae", 0.5));
        assertThat(new RegressionState().compute().get(0).reason()).isEqualTo("no labelled rows");
        assertThat(new RegressionState().add(Double.NaN, 1).compute().get(1).value())
                .isNull();
    }
}
