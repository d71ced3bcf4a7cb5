package dev.verity.metrics.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.junit.jupiter.api.Test;

/**
 * Rates and gaps of two groups against values computed outside this code: numpy and SciPy with
 * {@code z = norm.ppf(0.975)}, Wilson's, Newcombe's (method 10) and Katz's formulas written out
 * there; the Wilson intervals also against Commons Math's.
 */
class GroupOutcomesTest {
    private static final double EPS = 1e-9;
    private static final Estimate NO_AUC = new Estimate(Double.NaN, Interval.UNKNOWN);

    /** 500 rows, 180 selected, 200 positives, 120 of them selected, 60 negatives selected. */
    private static final GroupOutcomes GROUP = new GroupOutcomes(500, 180, 200, 120, 60, 210.5, NO_AUC);

    /** The reference: 800 rows, 240 selected, 300 positives, 200 of them selected, 40 negatives selected. */
    private static final GroupOutcomes REFERENCE = new GroupOutcomes(800, 240, 300, 200, 40, 290.0, NO_AUC);

    private static Map<FairnessMeasure, GroupOutcomes.Measurement> byMeasure(List<GroupOutcomes.Measurement> all) {
        return all.stream().collect(Collectors.toMap(GroupOutcomes.Measurement::measure, m -> m));
    }

    private static void assertMeasured(GroupOutcomes.Measurement m, double value, double low, double high) {
        assertThat(m.value()).as(m.measure().id()).isCloseTo(value, within(EPS));
        assertThat(m.interval().low()).as(m.measure().id() + " low").isCloseTo(low, within(EPS));
        assertThat(m.interval().high()).as(m.measure().id() + " high").isCloseTo(high, within(EPS));
    }

    @Test
    void ratesHaveWilsonIntervals() {
        Map<FairnessMeasure, GroupOutcomes.Measurement> rates = byMeasure(GROUP.rates());
        assertMeasured(rates.get(FairnessMeasure.SELECTION_RATE), 0.36, 0.3191414324050707, 0.40299338292416403);
        assertMeasured(rates.get(FairnessMeasure.TPR), 0.6, 0.53083672039262, 0.6653942143319266);
        assertMeasured(rates.get(FairnessMeasure.FPR), 0.2, 0.1586568589669413, 0.24892892376778628);
        assertMeasured(rates.get(FairnessMeasure.PRECISION), 2.0 / 3, 0.5949523288522202, 0.7314158385072421);
        assertMeasured(rates.get(FairnessMeasure.CALIBRATION_RATIO), 1.0525, 0.9491690071950617, 1.1760466698488405);
        assertThat(rates.values()).allSatisfy(m -> assertThat(m.significant()).isNull());
        for (long[] counts : new long[][] {{180, 500}, {0, 10}, {10, 10}, {1, 3}}) {
            ConfidenceInterval library =
                    new WilsonScoreInterval().createInterval((int) counts[1], (int) counts[0], 0.95);
            Interval wilson = new Proportion(counts[0], counts[1]).wilson();
            assertThat(wilson.low()).isCloseTo(Math.max(0, library.getLowerBound()), within(EPS));
            assertThat(wilson.high()).isCloseTo(Math.min(1, library.getUpperBound()), within(EPS));
        }
    }

    @Test
    void gapsHaveNewcombeAndKatzIntervals() {
        Map<FairnessMeasure, GroupOutcomes.Measurement> gaps = byMeasure(GROUP.gapsTo(REFERENCE));
        assertMeasured(
                gaps.get(FairnessMeasure.DEMOGRAPHIC_PARITY_DIFFERENCE),
                0.06,
                0.007698974447109701,
                0.11285109534266363);
        assertMeasured(gaps.get(FairnessMeasure.DEMOGRAPHIC_PARITY_RATIO), 1.2, 1.0249483427429837, 1.4049488544429936);
        assertMeasured(
                gaps.get(FairnessMeasure.EQUAL_OPPORTUNITY_DIFFERENCE),
                -0.06666666666666665,
                -0.15256446195808193,
                0.01888092315812881);
        // max(|tpr gap|, |fpr gap|): the fpr gap 0.12 [0.0706, 0.1731]; |tpr gap| lies in [0, 0.1526]
        assertMeasured(
                gaps.get(FairnessMeasure.EQUALIZED_ODDS_DIFFERENCE), 0.12, 0.07056309365566976, 0.1731282130981746);
        assertMeasured(
                gaps.get(FairnessMeasure.PREDICTIVE_PARITY_DIFFERENCE),
                -0.16666666666666674,
                -0.24968341877411399,
                -0.08341996024291733);
        assertThat(gaps.get(FairnessMeasure.DEMOGRAPHIC_PARITY_DIFFERENCE).significant())
                .isTrue();
        assertThat(gaps.get(FairnessMeasure.DEMOGRAPHIC_PARITY_RATIO).significant())
                .isTrue();
        assertThat(gaps.get(FairnessMeasure.EQUAL_OPPORTUNITY_DIFFERENCE).significant())
                .isFalse();
        assertThat(gaps.get(FairnessMeasure.EQUALIZED_ODDS_DIFFERENCE).significant())
                .isTrue();
        assertThat(gaps.get(FairnessMeasure.PREDICTIVE_PARITY_DIFFERENCE).significant())
                .isTrue();
        assertThat(gaps.get(FairnessMeasure.FOUR_FIFTHS).value()).isZero();
        assertThat(gaps.get(FairnessMeasure.FOUR_FIFTHS).significant()).isFalse();
        assertThat(gaps.keySet()).allMatch(FairnessMeasure::isGap);
    }

    @Test
    void aSelectionRateBelowFourFifthsBreaksTheRule() {
        GroupOutcomes rarelySelected = new GroupOutcomes(400, 50, 100, 30, 20, 100, NO_AUC);
        GroupOutcomes.Measurement rule =
                byMeasure(rarelySelected.gapsTo(REFERENCE)).get(FairnessMeasure.FOUR_FIFTHS);
        assertThat(rule.value()).isEqualTo(1.0);
        assertThat(rule.interval().low()).isCloseTo(0.31489314545753117, within(EPS));
        assertThat(rule.interval().high()).isCloseTo(0.5513334082228398, within(EPS));
        assertThat(rule.significant()).isTrue();
    }

    @Test
    void emptyGroupsAndClassesHaveNoIntervalAndNoVerdict() {
        GroupOutcomes noPositives = new GroupOutcomes(50, 0, 0, 0, 0, 5, NO_AUC);
        Map<FairnessMeasure, GroupOutcomes.Measurement> rates = byMeasure(noPositives.rates());
        assertThat(rates.get(FairnessMeasure.TPR).value()).isNaN();
        assertThat(rates.get(FairnessMeasure.TPR).interval()).isEqualTo(Interval.UNKNOWN);
        assertThat(rates.get(FairnessMeasure.PRECISION).value()).isNaN();
        assertThat(rates.get(FairnessMeasure.CALIBRATION_RATIO).interval()).isEqualTo(Interval.UNKNOWN);
        assertThat(rates.get(FairnessMeasure.SELECTION_RATE).value()).isZero();
        Map<FairnessMeasure, GroupOutcomes.Measurement> gaps = byMeasure(noPositives.gapsTo(REFERENCE));
        assertThat(gaps.get(FairnessMeasure.EQUAL_OPPORTUNITY_DIFFERENCE).significant())
                .isFalse();
        assertThat(gaps.get(FairnessMeasure.EQUALIZED_ODDS_DIFFERENCE).interval())
                .isEqualTo(Interval.UNKNOWN);
        // no selections: the ratio is 0 and its log interval undefined
        assertThat(gaps.get(FairnessMeasure.DEMOGRAPHIC_PARITY_RATIO).value()).isZero();
        assertThat(gaps.get(FairnessMeasure.DEMOGRAPHIC_PARITY_RATIO).significant())
                .isFalse();
        assertThat(gaps.get(FairnessMeasure.FOUR_FIFTHS).value()).isEqualTo(1.0);
    }
}
