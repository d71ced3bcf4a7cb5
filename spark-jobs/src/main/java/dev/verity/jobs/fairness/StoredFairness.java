package dev.verity.jobs.fairness;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.Task;
import dev.verity.metrics.fairness.Estimate;
import dev.verity.metrics.fairness.GroupOutcomes;
import dev.verity.metrics.fairness.Interval;
import dev.verity.store.BadInputException;
import dev.verity.store.FairnessRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.RunRecord;
import dev.verity.store.StoreSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fairness measures of what {@code evaluate} stored, without the logs: each group is the
 * slice {@code attribute=group} of an {@code evaluate --slice-by attribute}, and its outcome
 * counts are recovered from the slice's stored {@code n}, {@code positive_rate}, {@code recall}
 * and {@code accuracy} (positives = n x positive rate, true positives = recall x positives, true
 * negatives = accuracy x n - true positives), at the threshold of the evaluate runs that wrote
 * them; its AUC and DeLong interval are the stored ones. The measures then follow as from the
 * logs ({@link FairnessJob#records}).
 */
public final class StoredFairness {
    private StoredFairness() {}

    /**
     * @param threshold the threshold asked for, or null to take evaluate's
     * @return the measures of the windows of {@code config.window()} (all: each model's longest
     *     stored windows) within {@code config.range()}
     */
    public static List<FairnessRecord> measures(StoreSnapshot store, FairnessJob.Config config, Double threshold) {
        List<MetricRecord> rows = binaryRows(store, config);
        checkThreshold(store, rows, threshold);
        Map<FairnessJob.GroupKey, Map<String, MetricRecord>> groups = new LinkedHashMap<>();
        for (MetricRecord r : rows) {
            for (String attribute : config.attributes()) {
                String prefix = attribute + "=";
                // a single-column slice of the attribute; a cross (a=x,b=y) is not a group of one attribute
                if (r.slice().startsWith(prefix) && !r.slice().contains(",")) {
                    groups.computeIfAbsent(
                                    new FairnessJob.GroupKey(
                                            r.model(),
                                            r.modelVersion(),
                                            r.windowStart(),
                                            r.windowEnd(),
                                            attribute,
                                            r.slice().substring(prefix.length())),
                                    k -> new HashMap<>())
                            .put(r.metric(), r);
                }
            }
        }
        for (String attribute : config.attributes()) {
            if (groups.keySet().stream().noneMatch(k -> k.attribute().equals(attribute))) {
                throw new BadInputException(store.root() + ": no binary metrics of slices " + attribute
                        + "=... in the windows asked for: evaluate with --slice-by " + attribute + " first");
            }
        }
        Map<FairnessJob.GroupKey, GroupOutcomes> outcomes = new LinkedHashMap<>();
        groups.forEach((key, metrics) -> outcomes.put(key, outcomes(metrics)));
        return FairnessJob.records(outcomes, config);
    }

    /** The binary models' metric rows of the windows asked for. */
    private static List<MetricRecord> binaryRows(StoreSnapshot store, FairnessJob.Config config) {
        List<MetricRecord> binary = store.metrics().stream()
                .filter(r -> Task.BINARY.id().equals(r.task())
                        && (config.range().from() == null
                                || !r.windowStart()
                                        .toInstant()
                                        .isBefore(config.range().from()))
                        && (config.range().until() == null
                                || !r.windowEnd()
                                        .toInstant()
                                        .isAfter(config.range().until())))
                .toList();
        Map<String, Long> longest = new HashMap<>();
        binary.forEach(r -> longest.merge(r.model(), r.windowMillis(), Math::max));
        return binary.stream()
                .filter(r -> config.window().isAll()
                        ? r.windowMillis() == longest.get(r.model())
                        : r.windowMillis() == config.window().seconds() * 1000)
                .toList();
    }

    /** The threshold evaluate selected with must be the one asked for, and one for all the rows. */
    private static void checkThreshold(StoreSnapshot store, List<MetricRecord> rows, Double threshold) {
        Set<String> runs = rows.stream().map(MetricRecord::runId).collect(Collectors.toSet());
        Set<Double> thresholds = new TreeSet<>();
        for (RunRecord run : store.runs()) {
            String value = run.setting(RunRecord.THRESHOLD_SETTING);
            if (runs.contains(run.runId()) && value != null) {
                thresholds.add(Double.parseDouble(value));
            }
        }
        if (thresholds.size() > 1) {
            throw new BadInputException(store.root() + ": the metrics asked for were evaluated at thresholds "
                    + thresholds + ": a selection rate needs one");
        }
        if (threshold != null && !thresholds.isEmpty() && !thresholds.contains(threshold)) {
            throw new BadInputException("--threshold: " + threshold + ", but evaluate selected at "
                    + thresholds.iterator().next() + " in " + store.root()
                    + " (leave --threshold out to take it, or give the logs)");
        }
    }

    /** A group's outcome counts from its stored metrics. */
    private static GroupOutcomes outcomes(Map<String, MetricRecord> metrics) {
        MetricRecord any = metrics.values().iterator().next();
        long n = any.n();
        long positives = Math.round(n * valueOr(metrics, BinaryMetrics.POSITIVE_RATE, 0));
        long truePositives = positives == 0 ? 0 : Math.round(positives * valueOr(metrics, BinaryMetrics.RECALL, 0));
        long trueNegatives = Math.round(n * valueOr(metrics, BinaryMetrics.ACCURACY, 0)) - truePositives;
        long falsePositives = n - positives - trueNegatives;
        Double auc = value(metrics, BinaryMetrics.AUC);
        Double low = value(metrics, BinaryMetrics.AUC_CI_LOW);
        Double high = value(metrics, BinaryMetrics.AUC_CI_HIGH);
        return new GroupOutcomes(
                n,
                truePositives + falsePositives,
                positives,
                truePositives,
                falsePositives,
                n * valueOr(metrics, BinaryMetrics.MEAN_SCORE, 0),
                auc == null
                        ? new Estimate(Double.NaN, Interval.UNKNOWN)
                        : new Estimate(auc, low == null || high == null ? Interval.UNKNOWN : new Interval(low, high)));
    }

    private static Double value(Map<String, MetricRecord> metrics, String name) {
        MetricRecord r = metrics.get(name);
        return r == null ? null : r.value();
    }

    private static double valueOr(Map<String, MetricRecord> metrics, String name, double otherwise) {
        Double v = value(metrics, name);
        return v == null ? otherwise : v;
    }
}
