package dev.verity.store.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.anomaly.SeasonalBaseline;
import dev.verity.store.Columns;
import dev.verity.store.Job;
import dev.verity.store.RecordSnapshot;
import dev.verity.store.RunStatus;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
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

    /**
     * Six weeks of daily label coverage and row counts, then a Monday with 700 rows of which 62%
     * labelled. Reference values from numpy and SciPy: the median of the six Mondays before, the
     * noise median_abs_deviation(D[7:] - D[:-7], scale='normal') / sqrt(2) inflated for a median of
     * six by 1 + pi / 12, and the Poisson (row count) and binomial (coverage) standard error of the
     * Monday itself.
     */
    @Test
    void rowCountsAndLabelCoverageAreSeriesOfTheirOwn() {
        RecordSnapshot store = new RecordSnapshot();
        for (int d = 0; d <= 42; d++) {
            Instant start = MONDAY.plus(Duration.ofDays(d));
            DayOfWeek day = start.atZone(ZoneOffset.UTC).getDayOfWeek();
            long rows = d == 42
                    ? 700
                    : day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY
                            ? 600 + ((long) d * d * 13 % 40)
                            : 1000 + ((long) d * d * 31 % 47);
            double coverage = d == 42 ? 0.62 : 0.90 + 0.01 * ((d * d * 7) % 5);
            day(store, start, "all", MetricCatalog.LABELLED_SHARE, coverage, rows);
        }
        List<Anomalies.Judgement> judged = Anomalies.judge(store, List.of(), Anomalies.DEFAULT_FDR);
        Anomalies.Judgement lastRows = last(judged, Anomalies.ROWS);
        assertThat(lastRows.season()).isEqualTo(SeasonalBaseline.Season.DAY_OF_WEEK);
        assertThat(lastRows.window().value()).isEqualTo(700.0);
        assertThat(lastRows.expected()).isCloseTo(1014.0, within(1e-9));
        assertThat(lastRows.low()).isCloseTo(952.9003380150453, within(1e-9));
        assertThat(lastRows.high()).isCloseTo(1075.0996619849548, within(1e-9));
        assertThat(lastRows.pValue()).isCloseTo(7.306750402311889e-24, withinPercentage(1e-6));
        assertThat(lastRows.anomalous()).isTrue();
        Anomalies.Judgement lastCoverage = last(judged, MetricCatalog.LABELLED_SHARE);
        assertThat(lastCoverage.expected()).isCloseTo(0.92, within(1e-9));
        assertThat(lastCoverage.low()).isCloseTo(0.8772723320352398, within(1e-9));
        assertThat(lastCoverage.high()).isCloseTo(0.9627276679647603, within(1e-9));
        assertThat(lastCoverage.pValue()).isCloseTo(4.3549021365865155e-43, withinPercentage(1e-6));
        // the weekends' lower traffic is their season, not a loss
        assertThat(judged.stream().filter(Anomalies.Judgement::anomalous))
                .allMatch(j -> j.window().windowStart().toInstant().equals(MONDAY.plus(Duration.ofDays(42))));
    }

    @Test
    void byDefaultTheMetricsWithAStandardErrorAreJudgedNotTheirIntervalsOrErrors() {
        assertThat(Anomalies.judgedByDefault(BinaryMetrics.AUC)).isTrue();
        assertThat(Anomalies.judgedByDefault(BinaryMetrics.LOG_LOSS)).isTrue();
        assertThat(Anomalies.judgedByDefault(BinaryMetrics.PRECISION)).isFalse();
        assertThat(Anomalies.judgedByDefault(Anomalies.ROWS)).isTrue();
        assertThat(Anomalies.judgedByDefault(MetricCatalog.LABELLED_SHARE)).isTrue();
        assertThat(Anomalies.judgedByDefault(BinaryMetrics.AUC_CI_LOW)).isFalse();
        assertThat(Anomalies.judgedByDefault(BinaryMetrics.AUC_SE)).isFalse();
        assertThat(Anomalies.judgedByDefault(BinaryMetrics.POSITIVE_RATE)).isFalse();
    }

    @Test
    void serveAdviceAndTheReportFlagThePlantedDropAsTheCommandDoes() {
        RecordSnapshot store = weekendDips(true);
        Instant lastDay = MONDAY.plus(Duration.ofDays(DAYS - 1));

        StoreState state = StoreState.load(store, ExportSettings.defaults(30));
        assertThat(state.anomalies()).hasSize(20); // each slice's latest judged window
        assertThat(state.anomalies())
                .filteredOn(Anomalies.Judgement::anomalous)
                .singleElement()
                .satisfies(j -> {
                    assertThat(j.window().slice()).isEqualTo(DROPPED);
                    assertThat(j.window().windowStart().toInstant()).isEqualTo(lastDay);
                });
        Map<String, Double> flags = new java.util.HashMap<>();
        PrometheusView.of(state, Map.of()).stream()
                .filter(m -> m.getMetadata().getName().equals(PrometheusView.METRIC_ANOMALOUS))
                .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
                .forEach(p -> flags.put(p.getLabels().get("slice"), p.getValue()));
        assertThat(flags).hasSize(20).containsEntry(DROPPED, 1.0).containsEntry("slice=3", 0.0);

        // advice is about a version's all-traffic quality: give it one, steady
        Random random = new Random(7);
        for (int d = 0; d < DAYS; d++) {
            Instant start = MONDAY.plus(Duration.ofDays(d));
            day(store, start, "all", BinaryMetrics.AUC, 0.78 + 0.002 * random.nextGaussian(), 100_000);
        }
        int judgedPerSeries = DAYS - 7 * SeasonalBaseline.MIN_HISTORY;
        RetrainAdvice.Advice advice = new StoreEvidence(store).advise("m").get(0);
        assertThat(advice.evidence())
                .anySatisfy(e -> assertThat(e)
                        .startsWith("anomalies: 1 of " + 21 * judgedPerSeries + " judged windows")
                        .contains("auc of slice " + DROPPED + " in the window from " + lastDay));

        assertThat(HtmlReport.render(ReportData.load(store)))
                .contains("Anomalies: windows outside their seasonal band")
                .contains("m v1: auc on " + DROPPED + " (season: day of week");
    }

    /** A metric of model m v1 in the day from {@code start}. */
    private static void day(RecordSnapshot store, Instant start, String slice, String metric, double value, long n) {
        store.metric(
                "m",
                "v1",
                Timestamp.from(start),
                Timestamp.from(start.plus(Duration.ofDays(1))),
                slice,
                metric,
                value,
                n);
    }

    private static Anomalies.Judgement last(List<Anomalies.Judgement> judged, String metric) {
        return judged.stream()
                .filter(j -> j.window().metric().equals(metric))
                .max(java.util.Comparator.comparing(j -> j.window().windowStart()))
                .orElseThrow();
    }
}
