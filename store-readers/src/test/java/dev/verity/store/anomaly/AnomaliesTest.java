package dev.verity.store.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.anomaly.SeasonalBaseline;
import dev.verity.store.Columns;
import dev.verity.store.Job;
import dev.verity.store.RecordSnapshot;
import dev.verity.store.RunStatus;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Eight weeks of daily AUC in 20 slices that dips every weekend, one real drop planted in one
 * slice on the last day: the seasonal baseline with false-discovery control finds the drop and
 * (almost) nothing else, where a fixed three-sigma band over all history flags the weekends.
 */
class AnomaliesTest {
    private static final Instant MONDAY = Instant.parse("2026-10-05T00:00:00Z");
    private static final int DAYS = 56;
    private static final String DROPPED = "slice=7";

    private static RecordSnapshot weekendDips(boolean plantDrop) {
        Random random = new Random(26);
        RecordSnapshot store = new RecordSnapshot();
        for (int s = 0; s < 20; s++) {
            for (int d = 0; d < DAYS; d++) {
                Instant start = MONDAY.plus(Duration.ofDays(d));
                DayOfWeek day = start.atZone(ZoneOffset.UTC).getDayOfWeek();
                boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
                double auc = (weekend ? 0.72 : 0.80) + 0.005 * random.nextGaussian();
                if (plantDrop && d == DAYS - 1 && s == 7) {
                    auc -= 0.10;
                }
                Timestamp from = Timestamp.from(start);
                Timestamp to = Timestamp.from(start.plus(Duration.ofDays(1)));
                store.metric("m", "v1", from, to, "slice=" + s, BinaryMetrics.AUC, auc, 5_000)
                        .metric("m", "v1", from, to, "slice=" + s, BinaryMetrics.AUC_SE, 0.005, 5_000);
            }
        }
        return store;
    }

    @Test
    void thePlantedDropIsFoundAndAtMostOneOtherWindowIsFlagged() {
        List<Anomalies.Judgement> judged =
                Anomalies.judge(weekendDips(true), List.of(BinaryMetrics.AUC), Anomalies.DEFAULT_FDR);
        assertThat(judged).hasSize(20 * DAYS);
        List<Anomalies.Judgement> flagged =
                judged.stream().filter(Anomalies.Judgement::anomalous).toList();
        assertThat(flagged).anySatisfy(j -> {
            assertThat(j.window().slice()).isEqualTo(DROPPED);
            assertThat(j.window().windowStart().toInstant()).isEqualTo(MONDAY.plus(Duration.ofDays(DAYS - 1)));
            assertThat(j.season()).isEqualTo(SeasonalBaseline.Season.DAY_OF_WEEK);
            assertThat(j.window().value()).isLessThan(j.low());
        });
        assertThat(flagged).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aFixedBandOverAllHistoryFlagsTheWeekendsTheSeasonalOneExpects() {
        RecordSnapshot store = weekendDips(false);
        long seasonal = Anomalies.judge(store, List.of(BinaryMetrics.AUC), Anomalies.DEFAULT_FDR).stream()
                .filter(Anomalies.Judgement::anomalous)
                .count();
        long fixed = store.metrics.stream()
                .filter(r -> r.metric().equals(BinaryMetrics.AUC))
                .filter(r -> {
                    List<SeasonalBaseline.Point> earlier = store.metrics.stream()
                            .filter(e -> e.metric().equals(BinaryMetrics.AUC)
                                    && e.slice().equals(r.slice())
                                    && e.windowStart().before(r.windowStart()))
                            .map(e -> new SeasonalBaseline.Point(e.windowStart().toInstant(), e.value(), 0.005))
                            .toList();
                    SeasonalBaseline.Expectation e = SeasonalBaseline.judge(
                            earlier,
                            new SeasonalBaseline.Point(r.windowStart().toInstant(), r.value(), 0.005),
                            SeasonalBaseline.Season.NONE, // every earlier window
                            3);
                    return r.value() < e.low() || r.value() > e.high();
                })
                .count();
        assertThat(seasonal).isLessThanOrEqualTo(1);
        assertThat(fixed).isGreaterThan(100); // most weekend days of 20 slices
    }

    @Test
    void provisionalWindowsAreNeitherJudgedNorABaseline() {
        RecordSnapshot store = weekendDips(true);
        // labels seen up to the start of the last day, label window one day: the last two days are provisional
        store.run(
                "evaluate-run",
                Job.EVALUATE,
                null,
                RunStatus.SUCCEEDED,
                MONDAY.plus(Duration.ofDays(DAYS)),
                Map.of(
                        Columns.NEWEST_LABEL_TS,
                        Timestamp.from(MONDAY.plus(Duration.ofDays(DAYS - 1))),
                        Columns.LABEL_WINDOW_SECONDS,
                        86_400L));
        List<Anomalies.Judgement> judged = Anomalies.judge(store, List.of(BinaryMetrics.AUC), Anomalies.DEFAULT_FDR);
        assertThat(judged).hasSize(20 * (DAYS - 2));
        assertThat(judged)
                .noneMatch(j -> j.window().slice().equals(DROPPED)
                        && j.window().windowStart().toInstant().equals(MONDAY.plus(Duration.ofDays(DAYS - 1))));
    }
}
