package dev.verity.store.prometheus;

import dev.verity.drift.loss.FindingKind;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.store.DriftRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.Job;
import dev.verity.store.MetricRecord;
import dev.verity.store.Recorded;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.RunStatus;
import dev.verity.store.SliceRecord;
import dev.verity.store.Slices;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.WindowFinality;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.anomaly.Anomalies;
import dev.verity.store.canary.CanaryAnalysis;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * What {@code serve} exports, read from the store in one go: the latest value of every metric
 * (and its baseline, its median over the windows of the weeks before, which alerts compare
 * with; the objectives' thresholds on it), the latest drift
 * verdicts, the latest monitor run's findings, the latest replay comparisons, the live canaries'
 * comparisons with their baselines, the worst slices of the latest window, the runs' accounting, the retrain
 * advice, the fairness measures of the latest window, and the latest switch-back verdicts. Slices beyond {@code sliceCap} per model (by rows) are
 * left out, and how many were left out is kept.
 */
public record StoreState(
        List<MetricPoint> metrics,
        Map<String, Long> slicesDropped,
        int sliceCap,
        List<DriftPoint> drift,
        Map<String, Map<String, Long>> findings,
        List<ReplayComparison> replay,
        List<CanaryAnalysis.Result> canary,
        List<SliceRecord> slices,
        List<JobRuns> jobs,
        List<RetrainAdvice.Advice> advice,
        List<Objective.Threshold> thresholds,
        List<Anomalies.Judgement> anomalies,
        List<FairnessRecord> fairness,
        List<SwitchbackRecord> switchback,
        Map<String, Long> jobPeriodSeconds) {

    /** @param baseline the median of the series over the baseline period before its latest window; null if none */
    public record MetricPoint(
            String model,
            String version,
            String slice,
            String metric,
            double value,
            Double baseline,
            long n,
            Timestamp windowEnd,
            Boolean windowFinal) {}

    /** @param model "" for drift of data that named no model */
    public record DriftPoint(
            String model,
            String feature,
            String method,
            Double statistic,
            Double pValue,
            double threshold,
            Boolean drifted,
            boolean datasetDrift) {}

    /** A job's runs: counts by status, rows by outcome over all runs, and its latest times. */
    public record JobRuns(
            String job,
            Map<String, Long> runsByStatus,
            Map<String, Long> rowsByOutcome,
            Timestamp lastRun,
            Timestamp lastSuccess,
            Double lastDurationSeconds) {}

    /** Nothing loaded yet: the exporter's own gauges are all it shows. */
    public static StoreState empty(ExportSettings settings) {
        return new StoreState(
                List.of(),
                Map.of(),
                settings.sliceCap(),
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                settings.jobPeriodSeconds());
    }

    public static StoreState load(StoreSnapshot store, ExportSettings settings) {
        int sliceCap = settings.sliceCap();
        Map<String, Long> dropped = new LinkedHashMap<>();
        List<MetricPoint> metrics = capSlices(metrics(store, settings.baselineDays()), sliceCap, dropped);
        Set<String> kept = new HashSet<>();
        metrics.forEach(p -> kept.add(p.model() + "|" + p.slice()));
        List<ReplayComparison> replay = store.latestReplay().stream()
                .filter(p -> p.slice().equals(Slices.ALL) || kept.contains(p.model() + "|" + p.slice()))
                .toList();
        StoreEvidence evidence = new StoreEvidence(store);
        List<CanaryAnalysis.Result> canary = evidence.liveCanaries().stream()
                .filter(c -> c.comparison() != null && kept.contains(c.model() + "|" + c.slice()))
                .toList();
        List<RetrainAdvice.Advice> advice = evidence.models().stream()
                .flatMap(m -> evidence.advise(m).stream())
                .toList();
        List<Objective.Threshold> thresholds = thresholds(metrics, settings.objectives());
        return new StoreState(
                metrics,
                dropped,
                sliceCap,
                drift(evidence),
                findings(evidence),
                replay,
                canary,
                latestWindowSlices(store),
                jobs(store),
                advice,
                thresholds,
                latestJudged(evidence.anomalies(), kept),
                store.latestFairness(),
                store.latestSwitchback(),
                settings.jobPeriodSeconds());
    }

    /** Of each series of the kept slices, its latest window with a verdict: what alerts read. */
    private static List<Anomalies.Judgement> latestJudged(List<Anomalies.Judgement> all, Set<String> kept) {
        Map<List<String>, Anomalies.Judgement> latest = new LinkedHashMap<>();
        all.stream()
                .filter(j -> j.hasVerdict()
                        && kept.contains(j.window().model() + "|" + j.window().slice()))
                .forEach(j -> latest.merge(
                        j.series(),
                        j,
                        (a, b) -> a.window().windowStart().after(b.window().windowStart()) ? a : b));
        return List.copyOf(latest.values());
    }

    /** The slices found in the latest window of each model version by its model's latest slices run. */
    private static List<SliceRecord> latestWindowSlices(StoreSnapshot store) {
        List<SliceRecord> all = store.latestSlices();
        Map<List<String>, Timestamp> latest = new HashMap<>();
        all.forEach(
                r -> latest.merge(List.of(r.model(), r.modelVersion()), r.windowStart(), (a, b) -> a.after(b) ? a : b));
        return all.stream()
                .filter(r -> r.windowStart().equals(latest.get(List.of(r.model(), r.modelVersion()))))
                .toList();
    }

    /** Each objective's thresholds on the exported series; of two on one series, side and severity, the stricter. */
    public static List<Objective.Threshold> thresholds(List<MetricPoint> metrics, List<Objective> objectives) {
        Map<List<Object>, Objective.Threshold> strictest = new LinkedHashMap<>();
        for (MetricPoint series : metrics) {
            for (Objective objective : objectives) {
                for (Objective.Threshold t : objective.thresholds(series)) {
                    strictest.merge(List.of(series, t.bound(), t.severity()), t, (a, b) -> {
                        boolean aStricter =
                                a.bound() == Objective.Bound.MIN ? a.value() >= b.value() : a.value() <= b.value();
                        return aStricter ? a : b;
                    });
                }
            }
        }
        return List.copyOf(strictest.values());
    }

    /** Each series' latest value, and its baseline: the median of its windows ending in the {@code baselineDays} before. */
    private static List<MetricPoint> metrics(StoreSnapshot store, int baselineDays) {
        Map<List<String>, List<MetricRecord>> bySeries = new LinkedHashMap<>();
        for (MetricRecord r : store.metrics()) {
            String metric = r.metric();
            // a reliability curve is drawn by the report, not a series to alert on
            if (r.value() != null && !metric.startsWith(BinaryMetrics.RELIABILITY)) {
                bySeries.computeIfAbsent(
                                List.of(r.model(), r.modelVersion(), r.slice(), metric), k -> new ArrayList<>())
                        .add(r);
            }
        }
        long baselineMillis = baselineDays * 86_400_000L;
        WindowFinality finality = WindowFinality.of(store.runs());
        List<MetricPoint> points = new ArrayList<>();
        bySeries.forEach((series, all) -> {
            long length = MetricRecord.seriesLength(all);
            List<MetricRecord> rows =
                    all.stream().filter(r -> r.windowMillis() == length).toList();
            MetricRecord latest = rows.stream().max(LATEST_WINDOW).orElseThrow();
            long end = latest.windowEnd().getTime();
            double[] before = rows.stream()
                    .filter(r -> {
                        long e = r.windowEnd().getTime();
                        return e < end && e >= end - baselineMillis;
                    })
                    .mapToDouble(r -> r.value())
                    .toArray();
            points.add(new MetricPoint(
                    series.get(0),
                    series.get(1),
                    series.get(2),
                    series.get(3),
                    latest.value(),
                    before.length == 0 ? null : new Median().evaluate(before),
                    latest.n(),
                    latest.windowEnd(),
                    finality.isFinal(latest)));
        });
        return points;
    }

    /** Of a series' windows (all of one length), the one ending last. */
    private static final Comparator<MetricRecord> LATEST_WINDOW = Comparator.comparing(MetricRecord::windowEnd);

    /** Keeps {@code all} and the largest slices of each model, up to {@code cap} slices per model. */
    static List<MetricPoint> capSlices(List<MetricPoint> points, int cap, Map<String, Long> dropped) {
        Map<String, Map<String, Long>> rowsBySlice = new LinkedHashMap<>();
        points.forEach(p -> rowsBySlice
                .computeIfAbsent(p.model(), m -> new LinkedHashMap<>())
                .merge(p.slice(), p.n(), Math::max));
        Set<String> kept = new HashSet<>();
        rowsBySlice.forEach((model, slices) -> {
            List<String> ordered = slices.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, Long>, Boolean>comparing(
                                    e -> !e.getKey().equals(Slices.ALL))
                            .thenComparing(
                                    Map.Entry.<String, Long>comparingByValue().reversed())
                            .thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey)
                    .toList();
            ordered.stream().limit(cap).forEach(s -> kept.add(model + "|" + s));
            dropped.put(model, (long) Math.max(0, ordered.size() - cap));
        });
        return points.stream()
                .filter(p -> kept.contains(p.model() + "|" + p.slice()))
                .toList();
    }

    private static List<DriftPoint> drift(StoreEvidence evidence) {
        List<DriftPoint> points = new ArrayList<>();
        evidence.latestDriftByModel().forEach((model, rows) -> {
            for (DriftRecord r : rows) {
                points.add(new DriftPoint(
                        model == null ? "" : model,
                        r.result().feature(),
                        r.result().method(),
                        r.result().statistic(),
                        r.result().pValue(),
                        r.result().threshold(),
                        r.result().drifted(),
                        r.datasetDrift()));
            }
        });
        return points;
    }

    /**
     * The findings of each model's latest monitor run by kind ("" for a log that named no model),
     * every kind 0 when absent so alerts see a series: a clean run (recorded in the runs table,
     * with no finding rows) shows all zeros.
     */
    private static Map<String, Map<String, Long>> findings(StoreEvidence evidence) {
        Map<String, Map<String, Long>> byModel = new LinkedHashMap<>();
        evidence.latestFindings().forEach((model, rows) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (FindingKind kind : FindingKind.values()) {
                counts.put(kind.id(), 0L);
            }
            rows.forEach(r -> counts.merge(r.finding().kind().id(), 1L, Long::sum));
            byModel.put(model == null ? "" : model, counts);
        });
        return byModel;
    }

    private static List<JobRuns> jobs(StoreSnapshot store) {
        Map<String, List<RunRecord>> byJob = new java.util.TreeMap<>();
        for (RunRecord r : store.runs()) {
            byJob.computeIfAbsent(r.writtenBy().id(), k -> new ArrayList<>()).add(r);
        }
        List<JobRuns> jobs = new ArrayList<>();
        byJob.forEach((job, runs) -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            runs.forEach(r -> byStatus.merge(r.status().id(), 1L, Long::sum));
            Map<String, Long> rows = new LinkedHashMap<>();
            if (job.equals(Job.EVALUATE.id())) {
                rows.put("read", sum(runs, "predictions_read") + sum(runs, "labels_read"));
                rows.put("quarantined", sum(runs, "predictions_quarantined") + sum(runs, "labels_quarantined"));
                rows.put("evaluated", sum(runs, "evaluated"));
            }
            RunRecord last =
                    runs.stream().max(Comparator.comparing(RunRecord::finished)).orElseThrow();
            Timestamp lastSuccess = runs.stream()
                    .filter(r -> r.status() == RunStatus.SUCCEEDED)
                    .map(RunRecord::finished)
                    .max(Comparator.naturalOrder())
                    .map(Timestamp::from)
                    .orElse(null);
            jobs.add(new JobRuns(
                    job, byStatus, rows, Timestamp.from(last.finished()), lastSuccess, last.durationMillis() / 1000.0));
        });
        // Results from before their jobs recorded runs: the latest result is the latest success.
        for (Map.Entry<String, List<? extends Recorded<?>>> e : Map.<String, List<? extends Recorded<?>>>of(
                        Job.DRIFT.id(), store.drift(),
                        Job.REPLAY.id(), store.replay(),
                        Job.MONITOR.id(), store.findings())
                .entrySet()) {
            if (byJob.containsKey(e.getKey()) || e.getValue().isEmpty()) {
                continue;
            }
            Timestamp last = Timestamp.from(e.getValue().stream()
                    .map(Recorded::computedAt)
                    .max(Comparator.naturalOrder())
                    .orElseThrow());
            long runs = e.getValue().stream().map(Recorded::runId).distinct().count();
            jobs.add(new JobRuns(e.getKey(), Map.of(RunStatus.SUCCEEDED.id(), runs), Map.of(), last, last, null));
        }
        jobs.sort(Comparator.comparing(JobRuns::job));
        return jobs;
    }

    /** The count's sum over the runs, nulls (runs of other jobs, or from before it existed) as zero. */
    private static long sum(List<RunRecord> runs, String column) {
        return runs.stream()
                .map(r -> r.count(column))
                .filter(java.util.Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
    }
}
