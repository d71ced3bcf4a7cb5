package dev.verity.store.advise;

import dev.verity.drift.loss.FindingKind;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.Task;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.metrics.estimate.ConfidenceBasedEstimate;
import dev.verity.store.DriftRecord;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.FindingRecord;
import dev.verity.store.Job;
import dev.verity.store.MetricRecord;
import dev.verity.store.ModelNames;
import dev.verity.store.Recorded;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.RunStatus;
import dev.verity.store.Slices;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.WindowFinality;
import dev.verity.store.anomaly.Anomalies;
import dev.verity.store.canary.CanaryAnalysis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Reads the evidence for {@link RetrainAdvice} from the evaluation store. */
public final class StoreEvidence {
    private final StoreSnapshot store;
    private List<CanaryAnalysis.Result> liveCanaries;
    private List<String> models;
    private WindowFinality finality;
    private List<Anomalies.Judgement> anomalies;

    public StoreEvidence(StoreSnapshot store) {
        this.store = store;
    }

    /** The models of the metrics table, in order; read once, as each model's advice asks again. */
    public List<String> models() {
        if (models == null) {
            models = store.metrics().stream()
                    .map(MetricRecord::model)
                    .distinct()
                    .sorted()
                    .toList();
        }
        return models;
    }

    /**
     * The advice for each live version of {@code model} (the versions evaluated in its
     * {@link CanaryAnalysis#verdictWindow}, most rows first), each on its own quality and, for a
     * canary, its own comparison with its baseline; the drift, replay and explanations of the
     * model are evidence for all of them. One advice without a version when the store holds no
     * metrics of the model.
     */
    public List<RetrainAdvice.Advice> advise(String model) {
        List<MetricRecord> all = store.metrics().stream()
                .filter(r -> model.equals(r.model()) && Slices.ALL.equals(r.slice()))
                .toList();
        List<DriftRecord> drift = latestDrift(model);
        RetrainAdvice.Challenger challenger = challenger(model);
        if (all.isEmpty()) {
            return List.of(RetrainAdvice.advise(
                    model, null, "quality", true, List.of(), drifted(drift), drift.size(), challenger));
        }
        List<ExplanationRecord> explanations = explanations(model);
        List<RetrainAdvice.Advice> out = new ArrayList<>();
        for (String version : liveVersions(all)) {
            List<MetricRecord> rows =
                    all.stream().filter(r -> version.equals(r.modelVersion())).toList();
            String metric = MetricCatalog.primary(
                    Task.ofId(rows.get(0).task()),
                    rows.stream().map(MetricRecord::metric).toList());
            RetrainAdvice.Advice advice = RetrainAdvice.advise(
                    model,
                    version,
                    metric,
                    MetricCatalog.higherIsBetter(metric),
                    judged(windows(rows, metric), rows, metric),
                    drifted(drift),
                    drift.size(),
                    challenger);
            List<Anomalies.Judgement> anomalies = anomalies().stream()
                    .filter(j -> model.equals(j.window().model())
                            && version.equals(j.window().modelVersion()))
                    .toList();
            List<FairnessRecord> fairness = store.latestFairness().stream()
                    .filter(f -> model.equals(f.model()) && version.equals(f.modelVersion()))
                    .toList();
            List<SwitchbackRecord> switchback = store.latestSwitchback().stream()
                    .filter(s -> model.equals(s.model()) && version.equals(s.treatment()))
                    .toList();
            out.add(RetrainAdvice.rollbackIfWorse(
                    RetrainAdvice.switchback(
                            RetrainAdvice.fairness(
                                    RetrainAdvice.anomalies(
                                            RetrainAdvice.explainedBy(
                                                    RetrainAdvice.relationChanged(advice, relationChanged(rows)),
                                                    explanations),
                                            anomalies),
                                    fairness),
                            switchback),
                    worseCanaries(model, version, metric)));
        }
        return out;
    }

    /**
     * Of a version's all-traffic rows, the windows (their starts, oldest first) whose labels so far
     * contradict its estimated AUC.
     */
    private static List<String> relationChanged(List<MetricRecord> rows) {
        String flag = ConfidenceBasedEstimate.PREFIX + BinaryMetrics.AUC + ConfidenceBasedEstimate.RELATION_CHANGED;
        return rows.stream()
                .filter(r -> flag.equals(r.metric()) && Double.valueOf(1.0).equals(r.value()))
                .map(r -> r.windowStart().toInstant().toString())
                .sorted()
                .toList();
    }

    /** The versions with all-traffic rows in the verdict window, most rows first. */
    private static List<String> liveVersions(List<MetricRecord> all) {
        CanaryAnalysis.Window judged = CanaryAnalysis.verdictWindow(
                all.stream().map(StoreEvidence::window).collect(java.util.stream.Collectors.toSet()));
        Map<String, Long> rows = new java.util.TreeMap<>();
        all.stream().filter(r -> judged.equals(window(r))).forEach(r -> rows.merge(r.modelVersion(), r.n(), Math::max));
        return rows.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
    }

    private static CanaryAnalysis.Window window(MetricRecord r) {
        return new CanaryAnalysis.Window(r.windowStart(), r.windowEnd());
    }

    private List<ExplanationRecord> explanations(String model) {
        return store.latestExplanations().stream()
                .filter(e -> e.model().equals(model))
                .toList();
    }

    /**
     * Every final window of the store judged against its seasonal history at
     * {@link Anomalies#DEFAULT_FDR}, read once: advice, serve and the report flag the same windows.
     */
    public List<Anomalies.Judgement> anomalies() {
        if (anomalies == null) {
            anomalies = Anomalies.judge(store, List.of(), Anomalies.DEFAULT_FDR);
        }
        return anomalies;
    }

    /** The store's live canaries ({@link CanaryAnalysis#live}), read once for everything this evidence serves. */
    public List<CanaryAnalysis.Result> liveCanaries() {
        if (liveCanaries == null) {
            liveCanaries = CanaryAnalysis.live(store);
        }
        return liveCanaries;
    }

    /** The model's live canary {@code version}'s comparisons whose verdict on {@code metric} is worse (in a slice with enough rows). */
    private List<RetrainAdvice.WorseCanary> worseCanaries(String model, String version, String metric) {
        List<RetrainAdvice.WorseCanary> worse = new java.util.ArrayList<>();
        for (CanaryAnalysis.Result r : liveCanaries()) {
            UnpairedComparison c = r.comparison();
            if (r.model().equals(model)
                    && r.candidate().equals(version)
                    && r.metric().equals(metric)
                    && r.verdict() == CanaryAnalysis.Verdict.WORSE) {
                worse.add(new RetrainAdvice.WorseCanary(
                        r.candidate(),
                        r.baseline(),
                        r.slice(),
                        metric,
                        c.delta(),
                        c.ciLow(),
                        c.ciHigh(),
                        r.nCandidate()));
            }
        }
        return worse;
    }

    /**
     * The windows a verdict may rest on: the first (the baseline), every final one, and a
     * provisional one only where its interval already excludes the baseline's, since labels
     * still to come could move it. A window whose run did not say counts as final.
     */
    private List<RetrainAdvice.WindowValue> judged(
            List<RetrainAdvice.WindowValue> windows, List<MetricRecord> rows, String metric) {
        if (windows.isEmpty()) {
            return windows;
        }
        if (finality == null) { // read once: every version of every model is judged against the same runs
            finality = WindowFinality.of(store.runs());
        }
        java.util.Set<String> provisional = new java.util.HashSet<>();
        rows.stream()
                .filter(r -> metric.equals(r.metric()) && Boolean.FALSE.equals(finality.isFinal(r)))
                .forEach(r -> provisional.add(r.windowStart().toInstant().toString()));
        RetrainAdvice.WindowValue baseline = windows.get(0);
        List<RetrainAdvice.WindowValue> kept = new ArrayList<>(List.of(baseline));
        for (RetrainAdvice.WindowValue w : windows.subList(1, windows.size())) {
            if (!provisional.contains(w.start()) || RetrainAdvice.apart(baseline, w)) {
                kept.add(w);
            }
        }
        return kept;
    }

    /** The metric per window of the series' length ({@link MetricRecord#seriesLength}), oldest first. */
    private static List<RetrainAdvice.WindowValue> windows(List<MetricRecord> rows, String metric) {
        long length = MetricRecord.seriesLength(rows);
        java.util.TreeMap<java.sql.Timestamp, java.util.Map<String, MetricRecord>> byWindow = new java.util.TreeMap<>();
        rows.stream()
                .filter(r -> r.windowMillis() == length)
                .forEach(r -> byWindow.computeIfAbsent(r.windowStart(), k -> new java.util.HashMap<>())
                        .put(r.metric(), r));
        List<RetrainAdvice.WindowValue> windows = new ArrayList<>();
        byWindow.forEach((start, metrics) -> {
            MetricRecord value = metrics.get(metric);
            if (value != null && value.value() != null) {
                windows.add(new RetrainAdvice.WindowValue(
                        start.toInstant().toString(),
                        value.value(),
                        MetricRecord.valueOf(metrics.get(metric + "_ci_low")),
                        MetricRecord.valueOf(metrics.get(metric + "_ci_high")),
                        value.n()));
            }
        });
        return windows;
    }

    /**
     * The verdicts of {@code model}'s latest drift run (of its latest window, for a windowed run).
     * Drift of data that named no model counts only in a store of one model: evidence never
     * mixes across models.
     */
    public List<DriftRecord> latestDrift(String model) {
        boolean oneModel = models().size() <= 1;
        return latestRun(store.drift().stream()
                .filter(r -> model.equals(r.record().model())
                        || (oneModel && r.record().model() == null))
                .toList());
    }

    /** The latest drift run's verdicts of each model named in the drift table (null: data that named none). */
    public Map<String, List<DriftRecord>> latestDriftByModel() {
        Map<String, List<DriftRecord>> byModel = new LinkedHashMap<>();
        Function<Recorded<DriftRecord>, String> modelOf = r -> r.record().model();
        for (String model : ModelNames.of(store.drift(), modelOf)) {
            byModel.put(model, latestRun(ModelNames.rowsOf(store.drift(), modelOf, model)));
        }
        return byModel;
    }

    private static List<DriftRecord> latestRun(List<Recorded<DriftRecord>> drift) {
        Optional<Recorded<DriftRecord>> last = drift.stream().max(Comparator.comparing(Recorded::computedAt));
        if (last.isEmpty()) {
            return List.of();
        }
        String runId = last.get().runId();
        List<DriftRecord> run = drift.stream()
                .filter(r -> runId.equals(r.runId()))
                .map(Recorded::record)
                .toList();
        // A windowed run judges several windows: the latest one speaks for now.
        Optional<Instant> window = run.stream()
                .map(DriftRecord::windowStart)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
        return window.isEmpty()
                ? run
                : run.stream().filter(r -> window.get().equals(r.windowStart())).toList();
    }

    /**
     * The findings of each model's latest succeeded monitor run, ordered by window and kind; a
     * clean run's list is empty. A store from before monitor runs were recorded: its latest
     * findings. Then those of the latest succeeded estimate run (windows whose labels so far
     * contradict the estimate), by model.
     */
    public Map<String, List<FindingRecord>> latestFindings() {
        Map<String, String> runOfModel = latestPerModel(succeeded(Job.MONITOR).stream()
                .map(r -> new ModelRun(r.model(), r.runId(), r.started()))
                .toList());
        if (runOfModel.isEmpty()) {
            // monitor's findings only: an estimate's are added below
            runOfModel = latestPerModel(store.findings().stream()
                    .filter(r -> r.record().finding().kind() != FindingKind.RELATION_CHANGED)
                    .map(r -> new ModelRun(r.record().model(), r.runId(), r.computedAt()))
                    .toList());
        }
        Map<String, List<FindingRecord>> byModel = new LinkedHashMap<>();
        runOfModel.forEach((model, runId) -> byModel.put(model, new ArrayList<>(findingsOf(runId))));
        succeeded(Job.ESTIMATE).stream()
                .max(Comparator.comparing(RunRecord::started))
                .ifPresent(run -> findingsOf(run.runId())
                        .forEach(r -> byModel.computeIfAbsent(r.model(), m -> new ArrayList<>())
                                .add(r)));
        return byModel;
    }

    private List<RunRecord> succeeded(Job job) {
        return store.runs().stream()
                .filter(r -> r.job() == job && r.status() == RunStatus.SUCCEEDED)
                .toList();
    }

    /** A run's findings, by window and kind. */
    private List<FindingRecord> findingsOf(String runId) {
        return store.findings().stream()
                .filter(r -> runId.equals(r.runId()))
                .map(Recorded::record)
                .sorted(Comparator.comparing(
                                (FindingRecord r) -> r.finding().windowStart(),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(r -> r.finding().kind().id()))
                .toList();
    }

    /** A run of one model (null: of data that named none), and when it ran. */
    private record ModelRun(String model, String runId, Instant at) {}

    /** The latest run of each model, models in order (null first). */
    private static Map<String, String> latestPerModel(List<ModelRun> runs) {
        Map<String, ModelRun> latest = new java.util.TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        runs.forEach(r -> latest.merge(r.model(), r, (a, b) -> b.at().isAfter(a.at()) ? b : a));
        Map<String, String> out = new LinkedHashMap<>();
        latest.forEach((model, r) -> out.put(model, r.runId()));
        return out;
    }

    private static List<String> drifted(List<DriftRecord> drift) {
        return drift.stream()
                .filter(r -> Boolean.TRUE.equals(r.result().drifted()))
                .map(r -> r.result().feature())
                .sorted()
                .toList();
    }

    private RetrainAdvice.Challenger challenger(String model) {
        Predicate<ReplayComparison> challengerAuc = r -> model.equals(r.model())
                && !ReplayComparison.LIVE.equals(r.baseline())
                && Slices.ALL.equals(r.slice())
                && BinaryMetrics.AUC.equals(r.metric())
                && r.delta() != null;
        return store.replay().stream()
                .filter(r -> challengerAuc.test(r.record()))
                .max(Comparator.comparing(Recorded::computedAt))
                .map(Recorded::record)
                .map(r -> new RetrainAdvice.Challenger(r.candidate(), r.delta(), r.ciLow(), r.ciHigh(), r.verdict()))
                .orElse(null);
    }
}
