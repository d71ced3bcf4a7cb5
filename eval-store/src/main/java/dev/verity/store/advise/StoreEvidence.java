package dev.verity.store.advise;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.PairedAuc;
import dev.verity.metrics.Task;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.store.EvaluationStore;
import dev.verity.store.MetricRows;
import dev.verity.store.ModelNames;
import dev.verity.store.RunStatus;
import dev.verity.store.StoreRun;
import dev.verity.store.StoreTables;
import dev.verity.store.canary.CanaryAnalysis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Reads the evidence for {@link RetrainAdvice} from the evaluation store. */
public final class StoreEvidence {
    private final EvaluationStore store;
    private List<CanaryAnalysis.Result> liveCanaries;

    public StoreEvidence(EvaluationStore store) {
        this.store = store;
    }

    public List<String> models() {
        return store.metrics().select("model").distinct().orderBy("model").collectAsList().stream()
                .map(r -> r.getString(0))
                .toList();
    }

    public RetrainAdvice.Advice advise(String model) {
        Dataset<Row> all = store.metrics()
                .filter(col("model").equalTo(model).and(col("slice").equalTo("all")));
        List<Row> latest = all.orderBy(desc("window_end")).limit(1).collectAsList();
        if (latest.isEmpty()) {
            List<Row> drift = latestDrift(model);
            return RetrainAdvice.advise(
                    model, null, "quality", true, List.of(), drifted(drift), drift.size(), challenger(model));
        }
        String version = latest.get(0).getAs("model_version");
        String task = latest.get(0).getAs("task");
        List<Row> rows = all.filter(col("model_version").equalTo(version)).collectAsList();
        String metric = MetricCatalog.primary(
                Task.ofId(task),
                rows.stream().map(r -> r.<String>getAs("metric")).toList());
        boolean higherIsBetter = MetricCatalog.higherIsBetter(metric);
        List<Row> drift = latestDrift(model);
        RetrainAdvice.Advice advice = RetrainAdvice.advise(
                model,
                version,
                metric,
                higherIsBetter,
                windows(rows, metric),
                drifted(drift),
                drift.size(),
                challenger(model));
        return RetrainAdvice.rollbackIfWorse(advice, worseCanaries(model, metric));
    }

    /** A canary judged on fewer rows than this is left to gather more before it is rolled back. */
    static final long CANARY_MIN_ROWS = 100;

    /** The store's live canaries ({@link CanaryAnalysis#live}), read once for everything this evidence serves. */
    public List<CanaryAnalysis.Result> liveCanaries() {
        if (liveCanaries == null) {
            liveCanaries = CanaryAnalysis.live(store);
        }
        return liveCanaries;
    }

    /** The model's live canaries significantly worse on {@code metric} in a slice with enough rows. */
    private List<RetrainAdvice.WorseCanary> worseCanaries(String model, String metric) {
        List<RetrainAdvice.WorseCanary> worse = new java.util.ArrayList<>();
        for (CanaryAnalysis.Result r : liveCanaries()) {
            UnpairedComparison c = r.comparison();
            if (r.model().equals(model)
                    && r.metric().equals(metric)
                    && c != null
                    && c.verdict() == PairedAuc.Verdict.WORSE
                    && r.nCandidate() >= CANARY_MIN_ROWS) {
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
     * The metric per window, oldest first. Windows of different lengths (daily and whole-week
     * runs into the same store) are not comparable: the most common length wins.
     */
    private static List<RetrainAdvice.Window> windows(List<Row> rows, String metric) {
        java.util.Map<Long, Long> lengths = new java.util.HashMap<>();
        rows.forEach(r -> lengths.merge(MetricRows.windowMillis(r), 1L, Long::sum));
        long length = lengths.entrySet().stream()
                .max(java.util.Map.Entry.<Long, Long>comparingByValue()
                        .thenComparing(java.util.Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(java.util.Map.Entry::getKey)
                .orElse(0L);
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
        Column named = col(StoreTables.MODEL).equalTo(model);
        return latestRun(store.drift()
                .filter(models().size() <= 1 ? named.or(col(StoreTables.MODEL).isNull()) : named));
    }

    /** The latest drift run's rows of each model named in the drift table (null: data that named none). */
    public Map<String, List<Row>> latestDriftByModel() {
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        for (String model : ModelNames.of(store.drift())) {
            byModel.put(
                    model, latestRun(store.drift().filter(col(StoreTables.MODEL).eqNullSafe(model))));
        }
        return byModel;
    }

    private static List<Row> latestRun(Dataset<Row> drift) {
        List<Row> last =
                drift.orderBy(desc("computed_at")).limit(1).select("run_id").collectAsList();
        if (last.isEmpty()) {
            return List.of();
        }
        Dataset<Row> run = drift.filter(col("run_id").equalTo(last.get(0).getString(0)));
        // A windowed run judges several windows: the latest one speaks for now.
        List<Row> window = run.filter(col("window_start").isNotNull())
                .orderBy(desc("window_start"))
                .limit(1)
                .select("window_start")
                .collectAsList();
        return (window.isEmpty()
                        ? run
                        : run.filter(col("window_start").equalTo(window.get(0).get(0))))
                .collectAsList();
    }

    /**
     * The findings of each model's latest succeeded monitor run, ordered by window and kind; a
     * clean run's list is empty. A store from before monitor runs were recorded: its latest
     * findings.
     */
    public Map<String, List<Row>> latestFindings() {
        Dataset<Row> findings = store.findings();
        Dataset<Row> monitorRuns = store.runs()
                .filter(col(StoreTables.JOB)
                        .equalTo(StoreRun.Job.MONITOR.id())
                        .and(col("status").equalTo(RunStatus.SUCCEEDED.id())));
        Map<String, String> runOfModel = new LinkedHashMap<>();
        latestPerModel(monitorRuns, "started_at").forEach(r -> runOfModel.put(r.getString(0), r.getString(1)));
        if (runOfModel.isEmpty()) {
            latestPerModel(findings, "computed_at").forEach(r -> runOfModel.put(r.getString(0), r.getString(1)));
        }
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        runOfModel.forEach((model, runId) -> byModel.put(
                model,
                findings.filter(col("run_id").equalTo(runId))
                        .orderBy("window_start", "kind")
                        .collectAsList()));
        return byModel;
    }

    /** (model, run_id) of the latest row of each model, by {@code time}, models in order (null first). */
    private static List<Row> latestPerModel(Dataset<Row> rows, String time) {
        return rows.groupBy(StoreTables.MODEL)
                .agg(functions.max_by(col("run_id"), col(time)))
                .orderBy(col(StoreTables.MODEL).asc_nulls_first())
                .collectAsList();
    }

    private static List<String> drifted(List<Row> drift) {
        return drift.stream()
                .filter(r -> Boolean.TRUE.equals(r.getAs("drifted")))
                .map(r -> r.<String>getAs("feature"))
                .sorted()
                .toList();
    }

    private RetrainAdvice.Challenger challenger(String model) {
        List<Row> rows = store.replay()
                .filter(col("model")
                        .equalTo(model)
                        .and(col("baseline").notEqual("live"))
                        .and(col("slice").equalTo("all"))
                        .and(col("metric").equalTo("auc"))
                        .and(col("delta").isNotNull()))
                .orderBy(desc("computed_at"))
                .limit(1)
                .collectAsList();
        if (rows.isEmpty()) {
            return null;
        }
        Row r = rows.get(0);
        return new RetrainAdvice.Challenger(
                r.getAs("candidate"),
                r.getAs("delta"),
                r.getAs("delta_ci_low"),
                r.getAs("delta_ci_high"),
                r.getAs("verdict"));
    }
}
