package dev.verity.store.advise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.store.advise.RetrainAdvice.Action;
import dev.verity.store.advise.RetrainAdvice.WindowValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spark-free: in {@code mvn test -Dgroups=fast}. */
class RetrainAdviceTest {
    private static final WindowValue FIRST = new WindowValue("2026-11-01T00:00:00Z", 0.80, 0.78, 0.82, 10_000);

    private static RetrainAdvice.Advice advise(
            WindowValue last, List<String> drifted, RetrainAdvice.Challenger challenger) {
        return RetrainAdvice.advise("m", "v1", "auc", true, List.of(FIRST, last), drifted, 5, challenger);
    }

    @Test
    void aDropBeyondBothIntervalsIsDecayAndCallsForRetraining() {
        RetrainAdvice.Advice advice =
                advise(new WindowValue("2026-11-07T00:00:00Z", 0.72, 0.70, 0.74, 10_000), List.of(), null);
        assertThat(advice.action()).isEqualTo(Action.RETRAIN);
        assertThat(advice.evidence().get(0))
                .contains("0.8000 [0.7800, 0.8200]", "0.7200 [0.7000, 0.7400]", "do not overlap");
    }

    @Test
    void aDropWithinTheIntervalsIsNotCalledDecay() {
        RetrainAdvice.Advice advice =
                advise(new WindowValue("2026-11-07T00:00:00Z", 0.79, 0.765, 0.815, 10_000), List.of(), null);
        assertThat(advice.action()).isEqualTo(Action.WATCH);
        assertThat(advice.why()).contains("within the intervals");
    }

    @Test
    void driftWithoutDecayMeansWatch() {
        RetrainAdvice.Advice advice = advise(
                new WindowValue("2026-11-07T00:00:00Z", 0.81, 0.79, 0.83, 10_000), List.of("session_minutes"), null);
        assertThat(advice.action()).isEqualTo(Action.WATCH);
        assertThat(advice.evidence())
                .anySatisfy(e -> assertThat(e).contains("1 of 5 features drifted", "session_minutes"));
    }

    @Test
    void aSignificantlyBetterChallengerCallsForRetraining() {
        RetrainAdvice.Advice advice = advise(
                new WindowValue("2026-11-07T00:00:00Z", 0.80, 0.78, 0.82, 10_000),
                List.of(),
                new RetrainAdvice.Challenger("gbt", 0.02, 0.01, 0.03, "better"));
        assertThat(advice.action()).isEqualTo(Action.RETRAIN);
        assertThat(advice.why()).contains("challenger");
    }

    @Test
    void steadyQualityNoDriftAndAWorseChallengerMeanNoAction() {
        RetrainAdvice.Advice advice = advise(
                new WindowValue("2026-11-07T00:00:00Z", 0.805, 0.785, 0.825, 10_000),
                List.of(),
                new RetrainAdvice.Challenger("gbt", -0.02, -0.03, -0.01, "worse"));
        assertThat(advice.action()).isEqualTo(Action.NO_ACTION);
    }

    @Test
    void oneWindowIsTooLittleEvidence() {
        RetrainAdvice.Advice advice = RetrainAdvice.advise("m", "v1", "auc", true, List.of(FIRST), List.of(), 0, null);
        assertThat(advice.action()).isEqualTo(Action.NO_ACTION);
        assertThat(advice.why()).contains("too little evidence");
    }

    @Test
    void errorMetricsDecayUpwardsAndWithoutAnIntervalNeedFivePercent() {
        WindowValue first = new WindowValue("a", 1.00, null, null, 100);
        assertThat(RetrainAdvice.advise(
                                "m",
                                "v1",
                                "rmse",
                                false,
                                List.of(first, new WindowValue("b", 1.03, null, null, 100)),
                                List.of(),
                                3,
                                null)
                        .action())
                .isEqualTo(Action.WATCH);
        assertThat(RetrainAdvice.advise(
                                "m",
                                "v1",
                                "rmse",
                                false,
                                List.of(first, new WindowValue("b", 1.10, null, null, 100)),
                                List.of(),
                                3,
                                null)
                        .action())
                .isEqualTo(Action.RETRAIN);
        assertThat(RetrainAdvice.advise(
                                "m",
                                "v1",
                                "rmse",
                                false,
                                List.of(first, new WindowValue("b", 0.90, null, null, 100)),
                                List.of(),
                                3,
                                null)
                        .action())
                .isEqualTo(Action.NO_ACTION);
    }
}
