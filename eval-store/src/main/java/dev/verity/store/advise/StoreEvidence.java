package dev.verity.store.advise;

import dev.verity.drift.loss.FindingKind;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.Task;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.metrics.estimate.ConfidenceBasedEstimate;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.MetricRows;
import dev.verity.store.ModelNames;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunStatus;
import dev.verity.store.StoreRun;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.StoreTables;
import dev.verity.store.WindowFinality;
import dev.verity.store.canary.CanaryAnalysis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;

/** Reads the evidence for {@link RetrainAdvice} from the evaluation store. */
public final class StoreEvidence {
    private final StoreSnapshot store;
    private List<CanaryAnalysis.Result> liveCanaries;
    private List<String> models;

    public StoreEvidence(StoreSnapshot store) {
        this.store = store;
    }

    /** The models of the metrics table, in order; read once, as each model's advice asks again. */
    public List<String> models() {
        if (models == null) {
            models = store.metrics().stream()
                    .map(r -> r.<String>getAs(StoreTables.MODEL))
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
        List<Row> all = store.metrics().stream()
                .filter(r -> model.equals(r.getAs(StoreTables.MODEL)) && "all".equals(r.getAs("slice")))
                .toList();
        List<Row> drift = latestDrift(model);
        RetrainAdvice.Challenger challenger = challenger(model);
        if (all.isEmpty()) {
            return List.of(RetrainAdvice.advise(
                    model, null, "quality", true, List.of(), drifted(drift), drift.size(), challenger));
        }
        List<ExplanationRecord> explanations = explanations(model);
        List<RetrainAdvice.Advice> out = new ArrayList<>();
        for (String version : liveVersions(all)) {
            List<Row> rows = all.stream()
                    .filter(r -> version.equals(r.getAs("model_version")))
                    .toList();
            String metric = MetricCatalog.primary(
                    Task.ofId(rows.get(0).getAs("task")),
                    rows.stream().map(r -> r.<String>getAs("metric")).toList());
            RetrainAdvice.Advice advice = RetrainAdvice.advise(
                    model,
                    version,
                    metric,
                    MetricCatalog.higherIsBetter(metric),
                    judged(windows(rows, metric), rows, metric),
                    drifted(drift),
                    drift.size(),
                    challenger);
            out.add(RetrainAdvice.rollbackIfWorse(
                    RetrainAdvice.explainedBy(
                            RetrainAdvice.relationChanged(advice, relationChanged(rows)), explanations),
                    worseCanaries(model, version, metric)));
        }
        return out;
    }

    /**
     * Of a version's all-traffic rows, the windows (their starts, oldest first) whose labels so far
     * contradict its estimated AUC.
     */
    private static List<String> relationChanged(List<Row> rows) {
        String flag = ConfidenceBasedEstimate.PREFIX + BinaryMetrics.AUC + ConfidenceBasedEstimate.RELATION_CHANGED;
        return rows.stream()
                .filter(r ->
                        flag.equals(r.getAs("metric")) && Double.valueOf(1.0).equals(r.getAs("value")))
                .map(r ->
                        r.<java.sql.Timestamp>getAs("window_start").toInstant().toString())
                .sorted()
                .toList();
    }

    /** The versions with all-traffic rows in the verdict window, most rows first. */
    private static List<String> liveVersions(List<Row> all) {
        CanaryAnalysis.Window judged = CanaryAnalysis.verdictWindow(
                all.stream().map(StoreEvidence::window).collect(java.util.stream.Collectors.toSet()));
        Map<String, Long> rows = new java.util.TreeMap<>();
        all.stream()
                .filter(r -> judged.equals(window(r)))
                .forEach(r -> rows.merge(r.getAs("model_version"), r.<Long>getAs("n"), Math::max));
        return rows.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
    }

    private static CanaryAnalysis.Window window(Row r) {
        return new CanaryAnalysis.Window(r.getAs("window_start"), r.getAs("window_end"));
    }

    private List<ExplanationRecord> explanations(String model) {
        return store.latestExplanations().stream()
                .filter(e -> e.model().equals(model))
                .toList();
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
    private List<RetrainAdvice.Window> judged(List<RetrainAdvice.Window> windows, List<Row> rows, String metric) {
        if (windows.isEmpty()) {
            return windows;
        }
        WindowFinality finality = WindowFinality.of(store.runs());
        java.util.Set<String> provisional = new java.util.HashSet<>();
        rows.stream()
                .filter(r -> metric.equals(r.getAs("metric"))
                        && Boolean.FALSE.equals(finality.isFinal(r.getAs("run_id"), r.getAs("window_end"))))
                .forEach(r -> provisional.add(
                        r.<java.sql.Timestamp>getAs("window_start").toInstant().toString()));
        RetrainAdvice.Window baseline = windows.get(0);
        List<RetrainAdvice.Window> kept = new ArrayList<>(List.of(baseline));
        for (RetrainAdvice.Window w : windows.subList(1, windows.size())) {
            if (!provisional.contains(w.start()) || RetrainAdvice.apart(baseline, w)) {
                kept.add(w);
            }
        }
        return kept;
    }

    /** The metric per window of the series' length ({@link MetricRows#seriesLength}), oldest first. */
    private static List<RetrainAdvice.Window> windows(List<Row> rows, String metric) {
        long length = MetricRows.seriesLength(rows);
        java.util.TreeMap<java.sql.Timestamp, java.util.Map<String, Row>> byWindow = new java.util.TreeMap<>();
        rows.stream()
                .filter(r -> MetricRows.windowMillis(r) == length)
                .forEach(r -> byWindow.computeIfAbsent(r.getAs("window_start"), k -> new java.util.HashMap<>())
                        .put(r.getAs("metric"), r));
        List<RetrainAdvice.Window> windows = new ArrayList<>();
        byWindow.forEach((start, metrics) -> {
            Row value = metrics.get(metric);
            if (value != null && !value.isNullAt(value.fieldIndex("value"))) {
                windows.add(new RetrainAdvice.Window(
                        start.toInstant().toString(),
                        value.getAs("value"),
                        MetricRows.value(metrics.get(metric + "_ci_low")),
                        MetricRows.value(metrics.get(metric + "_ci_high")),
                        value.<Long>getAs("n")));
            }
        });
        return windows;
    }

    /**
     * The rows of {@code model}'s latest drift run (of its latest window, for a windowed run).
     * Drift of data that named no model counts only in a store of one model: evidence never
     * mixes across models.
     */
    public List<Row> latestDrift(String model) {
        boolean oneModel = models().size() <= 1;
        return latestRun(store.drift().stream()
                .filter(r ->
                        model.equals(r.getAs(StoreTables.MODEL)) || (oneModel && r.getAs(StoreTables.MODEL) == null))
                .toList());
    }

    /** The latest drift run's rows of each model named in the drift table (null: data that named none). */
    public Map<String, List<Row>> latestDriftByModel() {
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        for (String model : ModelNames.of(store.drift())) {
            byModel.put(model, latestRun(ModelNames.rowsOf(store.drift(), model)));
        }
        return byModel;
    }

    private static List<Row> latestRun(List<Row> drift) {
        java.util.Optional<Row> last = drift.stream().max(BY_COMPUTED_AT);
        if (last.isEmpty()) {
            return List.of();
        }
        String runId = last.get().getAs("run_id");
        List<Row> run =
                drift.stream().filter(r -> runId.equals(r.getAs("run_id"))).toList();
        // A windowed run judges several windows: the latest one speaks for now.
        java.util.Optional<java.sql.Timestamp> window = run.stream()
                .map(r -> r.<java.sql.Timestamp>getAs("window_start"))
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
        return window.isEmpty()
                ? run
                : run.stream()
                        .filter(r -> window.get().equals(r.getAs("window_start")))
                        .toList();
    }

    private static final Comparator<Row> BY_COMPUTED_AT =
            Comparator.comparing(r -> r.<java.sql.Timestamp>getAs("computed_at"));

    /**
     * The findings of each model's latest succeeded monitor run, ordered by window and kind; a
     * clean run's list is empty. A store from before monitor runs were recorded: its latest
     * findings. Then those of the latest succeeded estimate run (windows whose labels so far
     * contradict the estimate), by model.
     */
    public Map<String, List<Row>> latestFindings() {
        List<Row> monitorRuns = store.runs().stream()
                .filter(r -> StoreRun.Job.MONITOR.id().equals(r.getAs(StoreTables.JOB))
                        && RunStatus.SUCCEEDED.id().equals(r.getAs("status")))
                .toList();
        Map<String, String> runOfModel = latestPerModel(monitorRuns, "started_at");
        if (runOfModel.isEmpty()) {
            // monitor's findings only: an estimate's are added below
            runOfModel = latestPerModel(
                    store.findings().stream()
                            .filter(r -> !FindingKind.RELATION_CHANGED.id().equals(r.getAs("kind")))
                            .toList(),
                    "computed_at");
        }
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        runOfModel.forEach((model, runId) -> byModel.put(model, new ArrayList<>(findingsOf(runId))));
        store.runs().stream()
                .filter(r -> StoreRun.Job.ESTIMATE.id().equals(r.getAs(StoreTables.JOB))
                        && RunStatus.SUCCEEDED.id().equals(r.getAs("status")))
                .max(Comparator.comparing(r -> r.<java.sql.Timestamp>getAs("started_at")))
                .ifPresent(run -> findingsOf(run.getAs("run_id"))
                        .forEach(r -> byModel.computeIfAbsent(r.getAs(StoreTables.MODEL), m -> new ArrayList<>())
                                .add(r)));
        return byModel;
    }

    /** A run's findings, by window and kind. */
    private List<Row> findingsOf(String runId) {
        return store.findings().stream()
                .filter(r -> runId.equals(r.getAs("run_id")))
                .sorted(Comparator.comparing(
                                (Row r) -> r.<java.sql.Timestamp>getAs("window_start"),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(r -> r.<String>getAs("kind")))
                .toList();
    }

    /** The run_id of the latest row of each model, by {@code time}, models in order (null first). */
    private static Map<String, String> latestPerModel(List<Row> rows, String time) {
        Map<String, Row> latest = new java.util.TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        Comparator<Row> byTime = Comparator.comparing(r -> r.<java.sql.Timestamp>getAs(time));
        rows.forEach(r -> latest.merge(r.getAs(StoreTables.MODEL), r, (a, b) -> byTime.compare(b, a) > 0 ? b : a));
        Map<String, String> runs = new LinkedHashMap<>();
        latest.forEach((model, r) -> runs.put(model, r.getAs("run_id")));
        return runs;
    }

    private static List<String> drifted(List<Row> drift) {
        return drift.stream()
                .filter(r -> Boolean.TRUE.equals(r.getAs("drifted")))
                .map(r -> r.<String>getAs("feature"))
                .sorted()
                .toList();
    }

    private RetrainAdvice.Challenger challenger(String model) {
        Predicate<Row> challengerAuc = r -> model.equals(r.getAs("model"))
                && !ReplayComparison.LIVE.equals(r.getAs("baseline"))
                && ReplayComparison.ALL.equals(r.getAs("slice"))
                && BinaryMetrics.AUC.equals(r.getAs("metric"))
                && r.getAs("delta") != null;
        java.util.Optional<Row> latest =
                store.replay().stream().filter(challengerAuc).max(BY_COMPUTED_AT);
        if (latest.isEmpty()) {
            return null;
        }
        Row r = latest.get();
        return new RetrainAdvice.Challenger(
                r.getAs("candidate"),
                r.getAs("delta"),
                r.getAs("delta_ci_low"),
                r.getAs("delta_ci_high"),
                r.getAs("verdict"));
    }
}
