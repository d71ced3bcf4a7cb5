package dev.verity.store.prometheus;

import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.MetricDefinition;
import dev.verity.metrics.estimate.ConfidenceBasedEstimate;
import dev.verity.store.Slices;
import java.util.ArrayList;
import java.util.List;

/**
 * A quality objective for the metric of some models and slices: an absolute bound (AUC at least
 * 0.70) or one relative to the series' rolling baseline (log loss at most its baseline + 10%).
 * {@code serve} turns each into threshold gauges per series, so one alert rule covers them all.
 *
 * @param model the model, or null (or {@code *}) for every model
 * @param slice the slice, null for {@code all}, {@code *} for every exported slice
 * @param atMostAboveBaseline the highest value as a fraction above the baseline (0.10: baseline + 10%)
 * @param atLeastBelowBaseline the lowest value as a fraction below the baseline (0.05: baseline - 5%)
 */
public record Objective(
        String model,
        String slice,
        String metric,
        Double atLeast,
        Double atMost,
        Double atMostAboveBaseline,
        Double atLeastBelowBaseline,
        Severity severity) {
    private static final String ANY = "*";

    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("an objective needs a metric");
        }
        if (atLeast == null && atMost == null && atMostAboveBaseline == null && atLeastBelowBaseline == null) {
            throw new IllegalArgumentException("the objective for " + metric
                    + " sets no bound: give at_least, at_most, at_most_above_baseline or at_least_below_baseline");
        }
        if (MetricCatalog.of(metric).isEmpty() && !ConfidenceBasedEstimate.STORED_NAMES.contains(metric)) {
            throw new IllegalArgumentException("metric: '" + metric + "' is not a metric Verity stores (one of "
                    + MetricCatalog.ALL.stream().map(MetricDefinition::name).toList() + " or "
                    + ConfidenceBasedEstimate.STORED_NAMES + "); this objective could never be checked");
        }
        if (atLeast != null && atMost != null && atLeast > atMost) {
            throw new IllegalArgumentException("at_least " + atLeast + " is above at_most " + atMost + " for " + metric
                    + ": no value could meet the objective");
        }
        if (severity == null) {
            throw new IllegalArgumentException(
                    "the objective for " + metric + " needs a severity (critical or warning)");
        }
    }

    /**
     * True when some series falls under both objectives: the same metric, models and slices
     * that overlap ({@code *} or no model covers every model).
     */
    public boolean overlaps(Objective other) {
        boolean models = anyModel() || other.anyModel() || model.equals(other.model);
        boolean slices =
                ANY.equals(slice) || ANY.equals(other.slice) || sliceName().equals(other.sliceName());
        return metric.equals(other.metric) && models && slices;
    }

    private boolean anyModel() {
        return model == null || model.equals(ANY);
    }

    private String sliceName() {
        return slice == null ? Slices.ALL : slice;
    }

    /** Which side of a threshold the metric must stay on. */
    public enum Bound {
        /** The metric must stay at or above the threshold. */
        MIN,
        /** The metric must stay at or below the threshold. */
        MAX
    }

    /** One series' threshold from an objective. */
    public record Threshold(StoreState.MetricPoint series, Bound bound, double value, Severity severity) {}

    /** The thresholds this objective sets on {@code series}: none if it does not apply (or needs a baseline it lacks). */
    public List<Threshold> thresholds(StoreState.MetricPoint series) {
        List<Threshold> thresholds = new ArrayList<>();
        boolean applies = (model == null || model.equals(ANY) || model.equals(series.model()))
                && (slice == null
                        ? series.slice().equals(Slices.ALL)
                        : slice.equals(ANY) || slice.equals(series.slice()))
                && metric.equals(series.metric());
        if (!applies) {
            return thresholds;
        }
        if (atLeast != null) {
            thresholds.add(new Threshold(series, Bound.MIN, atLeast, severity));
        }
        if (atMost != null) {
            thresholds.add(new Threshold(series, Bound.MAX, atMost, severity));
        }
        Double baseline = series.baseline();
        if (baseline != null) {
            double scale = Math.abs(baseline);
            if (atMostAboveBaseline != null) {
                thresholds.add(new Threshold(series, Bound.MAX, baseline + scale * atMostAboveBaseline, severity));
            }
            if (atLeastBelowBaseline != null) {
                thresholds.add(new Threshold(series, Bound.MIN, baseline - scale * atLeastBelowBaseline, severity));
            }
        }
        return thresholds;
    }
}
