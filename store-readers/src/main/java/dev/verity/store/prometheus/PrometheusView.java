package dev.verity.store.prometheus;

import dev.verity.metrics.UnpairedComparison;
import dev.verity.store.FairnessRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.ReplayComparison;
import dev.verity.store.SliceRecord;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.anomaly.Anomalies;
import dev.verity.store.canary.CanaryAnalysis;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store's state as Prometheus metrics, named by Prometheus conventions: a {@code verity_}
 * prefix, base units ({@code _seconds}, timestamps in seconds), {@code _total} counters, and
 * only bounded labels (model, version, slice within the cap, metric, feature, kind, command).
 * No label is called {@code job} or {@code instance}: Prometheus sets those itself.
 */
public final class PrometheusView {
    /** A model metric's value; its labels are {@link #METRIC_LABELS}. */
    public static final String MODEL_METRIC = "verity_model_metric";
    /** The rows behind a model metric's value, labelled as {@link #MODEL_METRIC}. */
    public static final String MODEL_METRIC_ROWS = "verity_model_metric_rows";
    /** The labels of a model metric, each a column of the metrics table. */
    public static final List<String> METRIC_LABELS = List.of("model", "model_version", "slice", "metric");

    /** Replay rows that are counts or sizes of the row-level agreement, exported by model alone. */
    private static final Set<String> AGREEMENT =
            Set.of("rows", "mismatches", "pairs", "live_score_missing", "max_abs_difference", "mean_abs_difference");

    /** Whether a model version's latest window is final. */
    public static final String WINDOW_FINAL = "verity_window_final";

    /** Counts the label values cut to {@link LabelValue#MAX_BYTES}. */
    public static final String LABEL_VALUES_SHORTENED = "verity_exporter_label_values_shortened";

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** The distinct label values this view shortened. */
    private final java.util.Set<String> shortened = new java.util.HashSet<>();

    private record Family(String help, boolean counter, Map<Labels, Double> points) {}

    public static MetricSnapshots of(StoreState state, Map<String, Double> exporterGauges) {
        PrometheusView view = new PrometheusView();
        view.addMetrics(state);
        view.addAnomalies(state);
        view.addDrift(state);
        state.findings()
                .forEach((model, counts) -> counts.forEach((kind, count) -> view.gauge(
                        "verity_monitor_findings",
                        "Findings of the model's latest monitor run by kind",
                        count,
                        "model",
                        model,
                        "kind",
                        kind)));
        view.addReplay(state);
        view.addCanary(state);
        view.addSlices(state);
        view.addFairness(state);
        view.addSwitchback(state);
        view.addJobs(state);
        view.addObjectives(state);
        for (RetrainAdvice.Advice advice : state.advice()) {
            for (RetrainAdvice.Action action : RetrainAdvice.Action.values()) {
                view.gauge(
                        "verity_retrain_advice",
                        "1 for the advised action per model (rollback, retrain, watch, no_action), else 0",
                        advice.action() == action ? 1 : 0,
                        "model",
                        advice.model(),
                        "model_version",
                        advice.version() == null ? "" : advice.version(),
                        "action",
                        action.label());
            }
        }
        view.gauge("verity_exporter_slice_cap", "Most slices exported per model", state.sliceCap());
        state.slicesDropped()
                .forEach((model, dropped) -> view.gauge(
                        "verity_exporter_slices_dropped",
                        "Slices of a model not exported because of the slice cap",
                        dropped,
                        "model",
                        model));
        exporterGauges.forEach((name, value) -> view.gauge(name, "The exporter's own state", value));
        view.gauge(
                LABEL_VALUES_SHORTENED,
                "Distinct label values longer than " + LabelValue.MAX_BYTES
                        + " bytes, exported as their start and a hash of the whole",
                view.shortened.size());
        return view.build();
    }

    private void addMetrics(StoreState state) {
        for (StoreState.MetricPoint p : state.metrics()) {
            String[] labels = labelPairs(p.model(), p.version(), p.slice(), p.metric());
            gauge(MODEL_METRIC, "Latest value of a model metric in its latest window", p.value(), labels);
            if (p.baseline() != null) {
                gauge(
                        "verity_model_metric_baseline",
                        "Median of the metric over its windows ending in the baseline period (28 days) before the latest",
                        p.baseline(),
                        labels);
            }
            gauge(MODEL_METRIC_ROWS, "Rows behind the latest value", p.n(), labels);
            gauge(
                    "verity_model_window_end_timestamp_seconds",
                    "End of the latest evaluated window",
                    p.windowEnd().getTime() / 1000.0,
                    "model",
                    p.model(),
                    "model_version",
                    p.version());
            if (p.windowFinal() != null) {
                gauge(
                        WINDOW_FINAL,
                        "1 when the latest window is final (its end plus the label window is behind the newest "
                                + "label), 0 while labels that count for it can still arrive",
                        p.windowFinal() ? 1 : 0,
                        "model",
                        p.model(),
                        "model_version",
                        p.version());
            }
        }
    }

    /** Whether a series' latest judged window is anomalous, labelled as {@link #MODEL_METRIC}. */
    public static final String METRIC_ANOMALOUS = "verity_metric_anomalous";

    /**
     * Each series' latest judged window: its seasonal expectation and band, and 1 when it is
     * anomalous after false-discovery control across the store (what {@code verity anomalies} says).
     */
    private void addAnomalies(StoreState state) {
        for (Anomalies.Judgement j : state.anomalies()) {
            MetricRecord w = j.window();
            String[] labels = labelPairs(w.model(), w.modelVersion(), w.slice(), w.metric());
            gauge(
                    "verity_metric_expected",
                    "Expected value of the series' latest judged window: the median of its season's earlier windows",
                    j.expected(),
                    labels);
            gauge(
                    "verity_metric_low",
                    "Low end of the latest judged window's band (seasonal spread and its own standard error)",
                    j.low(),
                    labels);
            gauge("verity_metric_high", "High end of the latest judged window's band", j.high(), labels);
            gauge(
                    METRIC_ANOMALOUS,
                    "1 when the series' latest judged window is outside its band at a false discovery rate of "
                            + Anomalies.DEFAULT_FDR + " across every series judged, else 0",
                    j.anomalous() ? 1 : 0,
                    labels);
            gauge(
                    "verity_metric_judged_window_end_timestamp_seconds",
                    "End of the series' latest judged window",
                    w.windowEnd().getTime() / 1000.0,
                    labels);
        }
    }

    private static String[] labelPairs(String... values) {
        String[] pairs = new String[2 * METRIC_LABELS.size()];
        for (int i = 0; i < values.length; i++) {
            pairs[2 * i] = METRIC_LABELS.get(i);
            pairs[2 * i + 1] = values[i];
        }
        return pairs;
    }

    private void addDrift(StoreState state) {
        for (StoreState.DriftPoint p : state.drift()) {
            String[] labels = {"model", p.model(), "feature", p.feature(), "method", p.method()};
            if (p.statistic() != null) {
                gauge(
                        "verity_drift_statistic",
                        "Drift statistic of a feature in the latest drift run",
                        p.statistic(),
                        labels);
            }
            if (p.pValue() != null) {
                gauge("verity_drift_p_value", "p-value of the drift test, for tests that have one", p.pValue(), labels);
            }
            gauge("verity_drift_threshold", "Threshold the drift test was judged by", p.threshold(), labels);
            if (p.drifted() != null) {
                gauge(
                        "verity_drift_detected",
                        "1 when the feature drifted in the latest drift run",
                        p.drifted() ? 1 : 0,
                        labels);
            }
            gauge(
                    "verity_dataset_drift",
                    "1 when at least half the features drifted in the model's latest drift run",
                    p.datasetDrift() ? 1 : 0,
                    "model",
                    p.model());
        }
    }

    private void addReplay(StoreState state) {
        for (ReplayComparison p : state.replay()) {
            if (AGREEMENT.contains(p.metric())) {
                if (p.candidateValue() != null) {
                    gauge(
                            "verity_replay_" + p.metric(),
                            "Latest replay of the model: " + p.metric().replace('_', ' '),
                            p.candidateValue(),
                            "model",
                            p.model());
                }
                continue;
            }
            String[] labels = {
                "model",
                p.model(),
                "baseline",
                p.baseline(),
                "candidate",
                p.candidate(),
                "slice",
                p.slice(),
                "metric",
                p.metric()
            };
            if (p.baselineValue() != null) {
                gauge(
                        "verity_replay_value",
                        "A metric of the latest replay, per side (baseline or candidate)",
                        p.baselineValue(),
                        append(labels, "side", "baseline"));
            }
            if (p.candidateValue() != null) {
                gauge(
                        "verity_replay_value",
                        "A metric of the latest replay, per side (baseline or candidate)",
                        p.candidateValue(),
                        append(labels, "side", "candidate"));
            }
            if (p.delta() != null) {
                gauge("verity_replay_delta", "Candidate minus baseline", p.delta(), labels);
            }
            if (p.ciLow() != null) {
                gauge(
                        "verity_replay_delta_ci_low",
                        "Lower end of the paired 95% DeLong interval of the delta",
                        p.ciLow(),
                        labels);
                gauge(
                        "verity_replay_delta_ci_high",
                        "Upper end of the paired 95% DeLong interval of the delta",
                        p.ciHigh(),
                        labels);
            }
        }
    }

    private void addCanary(StoreState state) {
        for (CanaryAnalysis.Result r : state.canary()) {
            String[] labels = {
                "model",
                r.model(),
                "baseline",
                r.baseline(),
                "candidate",
                r.candidate(),
                "slice",
                r.slice(),
                "metric",
                r.metric()
            };
            UnpairedComparison c = r.comparison();
            gauge(
                    "verity_canary_delta",
                    "Live canary minus its baseline version, latest shared window",
                    c.delta(),
                    labels);
            gauge("verity_canary_ci_low", "Lower end of the 95% interval of the canary's delta", c.ciLow(), labels);
            gauge("verity_canary_ci_high", "Upper end of the 95% interval of the canary's delta", c.ciHigh(), labels);
            gauge(
                    "verity_canary_min_detectable",
                    "Smallest difference the canary's rows so far detect with 80% power",
                    c.minDetectable(),
                    labels);
            String[] verdict = java.util.Arrays.copyOf(labels, labels.length + 2);
            verdict[labels.length] = "verdict";
            verdict[labels.length + 1] = r.verdict().label();
            gauge(
                    "verity_canary_verdict",
                    "1, labelled with the canary's verdict in this slice and metric (worse, better, "
                            + "indistinguishable, too_few_rows), the one compare, advise and the report give",
                    1,
                    verdict);
        }
    }

    private void addSlices(StoreState state) {
        for (SliceRecord r : state.slices()) {
            String[] labels = {
                "model", r.model(), "model_version", r.modelVersion(), "slice", r.slice(), "metric", r.metric()
            };
            gauge(
                    "verity_slice_search_delta",
                    "A worst slice's mean loss minus the rest of its window, latest window of the latest slices run",
                    r.delta(),
                    labels);
            gauge(
                    "verity_slice_search_ci_low",
                    "Lower end of the slice's delta's interval, 95% jointly over the slices searched",
                    r.ciLow(),
                    labels);
            gauge("verity_slice_search_rows", "Rows of the slice", r.rows(), labels);
        }
    }

    /** Whether a group's gap to its reference group is significant (1) or not (0), labelled as the fairness gauges. */
    public static final String FAIRNESS_SIGNIFICANT = "verity_fairness_significant";

    /** Each protected group's rates and gaps in the latest window of the latest fairness run (what verity fairness says). */
    private void addFairness(StoreState state) {
        for (FairnessRecord f : state.fairness()) {
            String[] labels = {
                "model", f.model(),
                "model_version", f.modelVersion(),
                "attribute", f.attribute(),
                "group", f.group(),
                "reference_group", f.referenceGroup(),
                "measure", f.measure()
            };
            if (f.value() != null) {
                gauge(
                        "verity_fairness_value",
                        "A protected group's rate, or its gap to the reference group, in the latest window",
                        f.value(),
                        labels);
            }
            if (f.ciLow() != null && f.ciHigh() != null) {
                gauge("verity_fairness_ci_low", "Low end of the measure's 95% interval", f.ciLow(), labels);
                gauge("verity_fairness_ci_high", "High end of the measure's 95% interval", f.ciHigh(), labels);
            }
            if (f.significant() != null) {
                gauge(
                        FAIRNESS_SIGNIFICANT,
                        "1 when the gap's 95% interval excludes no gap, else 0",
                        f.significant() ? 1 : 0,
                        labels);
            }
        }
    }

    /** The latest verdict of each switch-back test (what verity switchback says), labelled by its versions and metric. */
    private void addSwitchback(StoreState state) {
        for (SwitchbackRecord s : state.switchback()) {
            String[] labels = {
                "model", s.model(), "control", s.control(), "treatment", s.treatment(), "metric", s.metric()
            };
            gauge(
                    "verity_switchback_effect",
                    "The treatment's metric minus the control's, over the periods each served",
                    s.effect(),
                    labels);
            if (s.ciLow() != null && s.ciHigh() != null) {
                gauge("verity_switchback_ci_low", "Low end of the effect's 95% Welch interval", s.ciLow(), labels);
                gauge("verity_switchback_ci_high", "High end of the effect's 95% Welch interval", s.ciHigh(), labels);
            }
            if (s.pValue() != null) {
                gauge("verity_switchback_p_value", "Welch's t-test p-value of the effect", s.pValue(), labels);
            }
            if (s.permutationPValue() != null) {
                gauge(
                        "verity_switchback_permutation_p_value",
                        "The permutation test's p-value over the periods' assignment to the versions",
                        s.permutationPValue(),
                        labels);
            }
            Map<String, Integer> periods = Map.of(
                    SwitchbackRecord.CONTROL, s.periodsControl(), SwitchbackRecord.TREATMENT, s.periodsTreatment());
            periods.forEach((arm, n) -> gauge(
                    "verity_switchback_periods", "The periods judged for each arm", n, append(labels, "arm", arm)));
        }
    }

    private void addObjectives(StoreState state) {
        for (Objective.Threshold t : state.thresholds()) {
            StoreState.MetricPoint p = t.series();
            String[] labels = append(
                    labelPairs(p.model(), p.version(), p.slice(), p.metric()),
                    "severity",
                    t.severity().id());
            if (t.bound() == Objective.Bound.MIN) {
                gauge("verity_objective_min", "Lowest value the metric's objective allows", t.value(), labels);
            } else {
                gauge("verity_objective_max", "Highest value the metric's objective allows", t.value(), labels);
            }
        }
        state.jobPeriodSeconds()
                .forEach((job, seconds) -> gauge(
                        "verity_job_period_seconds",
                        "How often the job is expected to succeed",
                        seconds,
                        "command",
                        job));
    }

    private void addJobs(StoreState state) {
        for (StoreState.JobRuns job : state.jobs()) {
            job.runsByStatus()
                    .forEach((status, count) -> counter(
                            "verity_runs",
                            "Runs recorded in the store",
                            count,
                            "command",
                            job.job(),
                            "status",
                            status));
            job.rowsByOutcome()
                    .forEach((outcome, count) -> counter(
                            "verity_input_rows",
                            "Input rows of all recorded runs by outcome",
                            count,
                            "command",
                            job.job(),
                            "outcome",
                            outcome));
            gauge(
                    "verity_last_run_timestamp_seconds",
                    "When the job last finished",
                    job.lastRun().getTime() / 1000.0,
                    "command",
                    job.job());
            if (job.lastSuccess() != null) {
                gauge(
                        "verity_last_success_timestamp_seconds",
                        "When the job last succeeded",
                        job.lastSuccess().getTime() / 1000.0,
                        "command",
                        job.job());
            }
            if (job.lastDurationSeconds() != null) {
                gauge(
                        "verity_last_run_duration_seconds",
                        "How long the job's last run took",
                        job.lastDurationSeconds(),
                        "command",
                        job.job());
            }
        }
    }

    private static String[] append(String[] labels, String name, String value) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = name;
        out[labels.length + 1] = value;
        return out;
    }

    private void gauge(String name, String help, double value, String... labels) {
        families.computeIfAbsent(name, n -> new Family(help, false, new LinkedHashMap<>()))
                .points()
                .put(bounded(labels), value);
    }

    private void counter(String name, String help, double value, String... labels) {
        families.computeIfAbsent(name, n -> new Family(help, true, new LinkedHashMap<>()))
                .points()
                .put(bounded(labels), value);
    }

    /** The labels (name, value, name, value...) with each value within {@link LabelValue#MAX_BYTES}. */
    private Labels bounded(String[] labels) {
        String[] out = labels.clone();
        for (int i = 1; i < out.length; i += 2) {
            if (LabelValue.tooLong(out[i])) {
                shortened.add(out[i]);
                out[i] = LabelValue.bounded(out[i]);
            }
        }
        return Labels.of(out);
    }

    private MetricSnapshots build() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.forEach((name, family) -> {
            if (family.counter()) {
                CounterSnapshot.Builder builder =
                        CounterSnapshot.builder().name(name).help(family.help());
                family.points()
                        .forEach((labels, value) -> builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                                .labels(labels)
                                .value(value)
                                .build()));
                snapshots.add(builder.build());
            } else {
                GaugeSnapshot.Builder builder =
                        GaugeSnapshot.builder().name(name).help(family.help());
                family.points()
                        .forEach((labels, value) -> builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(labels)
                                .value(value)
                                .build()));
                snapshots.add(builder.build());
            }
        });
        return new MetricSnapshots(snapshots);
    }
}
