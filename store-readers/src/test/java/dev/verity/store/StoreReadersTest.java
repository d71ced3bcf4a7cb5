package dev.verity.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.drift.DriftResult;
import dev.verity.drift.FeatureKind;
import dev.verity.drift.loss.Finding;
import dev.verity.drift.loss.FindingKind;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.canary.CanaryAnalysis;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The readers on records built by hand: advice, canary verdicts, serve's state and the report agree. */
class StoreReadersTest {
    private static final List<String> DAYS = List.of("2026-11-01", "2026-11-02", "2026-11-03");

    /** v1 serves 900 rows a day at AUC 0.80, the canary v2 100 rows a day at 0.70; both with standard errors. */
    private static RecordSnapshot canaryWorse() {
        RecordSnapshot store = new RecordSnapshot();
        for (String day : DAYS) {
            store.metric("m", "v1", day, BinaryMetrics.AUC, 0.80, 900)
                    .metric("m", "v1", day, BinaryMetrics.AUC_SE, 0.01, 900)
                    .metric("m", "v2", day, BinaryMetrics.AUC, 0.70, 100)
                    .metric("m", "v2", day, BinaryMetrics.AUC_SE, 0.01, 100);
        }
        return store;
    }

    @Test
    void aWorseCanaryIsRolledBackAndEverySurfaceSaysSo() {
        RecordSnapshot store = canaryWorse();

        List<CanaryAnalysis.Result> live = CanaryAnalysis.live(store);
        assertThat(live)
                .filteredOn(r -> r.metric().equals(BinaryMetrics.AUC))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.candidate()).isEqualTo("v2");
                    assertThat(r.baseline()).isEqualTo("v1");
                    assertThat(r.verdict()).isEqualTo(CanaryAnalysis.Verdict.WORSE);
                    assertThat(r.comparison().delta())
                            .isEqualTo(0.70 - 0.80, org.assertj.core.data.Offset.offset(1e-12));
                });
        List<RetrainAdvice.Advice> advice = new StoreEvidence(store).advise("m");
        assertThat(advice).extracting(RetrainAdvice.Advice::version).containsExactly("v1", "v2");
        assertThat(advice.get(1).action()).isEqualTo(RetrainAdvice.Action.ROLLBACK);

        StoreState state = StoreState.load(store, ExportSettings.defaults(10));
        assertThat(state.canary()).extracting(CanaryAnalysis.Result::verdict).contains(CanaryAnalysis.Verdict.WORSE);
        assertThat(state.advice()).extracting(RetrainAdvice.Advice::action).contains(RetrainAdvice.Action.ROLLBACK);
        assertThat(HtmlReport.render(ReportData.load(store)))
                .contains("rollback")
                .contains("v2 vs v1");
    }

    @Test
    void aCanaryWithFewerRowsThanTheRuleGetsNoVerdict() {
        RecordSnapshot store = new RecordSnapshot()
                .metric("m", "v1", "2026-11-01", BinaryMetrics.AUC, 0.80, 900)
                .metric("m", "v1", "2026-11-01", BinaryMetrics.AUC_SE, 0.01, 900)
                .metric("m", "v2", "2026-11-01", BinaryMetrics.AUC, 0.50, 99)
                .metric("m", "v2", "2026-11-01", BinaryMetrics.AUC_SE, 0.01, 99);
        assertThat(CanaryAnalysis.live(store))
                .filteredOn(r -> r.metric().equals(BinaryMetrics.AUC))
                .extracting(CanaryAnalysis.Result::verdict)
                .containsExactly(CanaryAnalysis.Verdict.TOO_FEW_ROWS);
    }

    @Test
    void theLatestDriftRunsLatestWindowSpeaksForItsModel() {
        RecordSnapshot store = canaryWorse();
        Instant first = Instant.parse("2026-11-04T01:00:00Z");
        Instant second = first.plusSeconds(3600);
        store.drift.add(drift("old", first, "2026-11-03", "x", true));
        store.drift.add(drift("new", second, "2026-11-02", "x", true));
        store.drift.add(drift("new", second, "2026-11-03", "x", false));
        store.drift.add(drift("new", second, "2026-11-03", "y", true));

        List<DriftRecord> latest = new StoreEvidence(store).latestDrift("m");
        assertThat(latest).extracting(r -> r.result().feature()).containsExactly("x", "y");
        assertThat(latest).extracting(r -> r.result().drifted()).containsExactly(false, true);
        assertThat(StoreState.load(store, ExportSettings.defaults(10)).drift())
                .extracting(StoreState.DriftPoint::feature, StoreState.DriftPoint::drifted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("x", false),
                        org.assertj.core.groups.Tuple.tuple("y", true));
    }

    @Test
    void aCleanMonitorRunCountsEveryKindAtZeroAndTheLatestRunsFindingsCount() {
        RecordSnapshot store = canaryWorse();
        Instant now = Instant.parse("2026-11-04T01:00:00Z");
        store.run("clean", Job.MONITOR, "m", RunStatus.SUCCEEDED, now.minusSeconds(7200), Map.of());
        store.findings.add(new Recorded<>(
                "clean", now.minusSeconds(7200), finding(FindingKind.NULL_RATE))); // an older run's, superseded
        assertThat(StoreState.load(store, ExportSettings.defaults(10))
                        .findings()
                        .get("m"))
                .containsEntry(FindingKind.NULL_RATE.id(), 1L);

        store.run("later", Job.MONITOR, "m", RunStatus.SUCCEEDED, now, Map.of());
        store.run("failed", Job.MONITOR, "m", RunStatus.FAILED, now.plusSeconds(60), Map.of());
        Map<String, Long> counts =
                StoreState.load(store, ExportSettings.defaults(10)).findings().get("m");
        assertThat(counts)
                .hasSize(FindingKind.values().length)
                .allSatisfy((kind, n) -> assertThat(n).isZero());
    }

    @Test
    void aSeriesBaselineIsTheMedianOfItsEarlierWindowsAndItsLatestWindowSaysWhetherItIsFinal() {
        RecordSnapshot store = new RecordSnapshot();
        double[] values = {0.9, 0.7, 0.8, 0.6};
        List<String> days = List.of("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04");
        for (int i = 0; i < days.size(); i++) {
            store.metric("m", "v1", days.get(i), BinaryMetrics.AUC, values[i], 100);
        }
        store.run(
                "evaluate-run",
                Job.EVALUATE,
                null,
                RunStatus.SUCCEEDED,
                Instant.parse("2026-11-06T00:00:00Z"),
                Map.of(
                        Columns.NEWEST_LABEL_TS,
                        RecordSnapshot.day("2026-11-06"),
                        Columns.LABEL_WINDOW_SECONDS,
                        86_400L,
                        "evaluated",
                        400L,
                        "predictions_read",
                        410L,
                        "labels_read",
                        400L));

        StoreState state = StoreState.load(store, ExportSettings.defaults(10));
        assertThat(state.metrics()).singleElement().satisfies(p -> {
            assertThat(p.value()).isEqualTo(0.6);
            assertThat(p.baseline()).isEqualTo(0.8); // the median of 0.9, 0.7, 0.8
            assertThat(p.windowFinal()).isTrue(); // ends 11-05, a day before the newest label (11-06): final
        });
        assertThat(state.jobs()).singleElement().satisfies(j -> {
            assertThat(j.job()).isEqualTo(Job.EVALUATE.id());
            assertThat(j.rowsByOutcome()).containsEntry("read", 810L).containsEntry("evaluated", 400L);
            assertThat(j.lastDurationSeconds()).isEqualTo(60.0);
        });
    }

    private static Recorded<DriftRecord> drift(
            String runId, Instant computedAt, String window, String feature, boolean drifted) {
        return new Recorded<>(
                runId,
                computedAt,
                new DriftRecord(
                        "m",
                        "reference.csv",
                        "current.csv",
                        RecordSnapshot.day(window).toInstant(),
                        new DriftResult(
                                feature, FeatureKind.NUMERIC, "ks", 0.2, drifted ? 0.001 : 0.5, 0.05, drifted, null),
                        0,
                        0,
                        drifted));
    }

    private static FindingRecord finding(FindingKind kind) {
        return new FindingRecord(
                "m",
                "predictions.csv",
                new Finding(kind, RecordSnapshot.day("2026-11-03").toInstant(), "x", 0.5, 0.1, "why"));
    }
}
