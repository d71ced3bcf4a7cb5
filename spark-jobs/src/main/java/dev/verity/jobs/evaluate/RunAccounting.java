package dev.verity.jobs.evaluate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every input row of an evaluate run went. Each prediction read is quarantined, a
 * duplicate, unlabeled or evaluated; each label read is quarantined, late, invalid, orphan,
 * superseded by a later correction, or used; in a run over a time range, a label whose
 * prediction is not in the range is outside it instead of an orphan (it may be another range's).
 *
 * @param newestLabel the latest {@code label_ts} of the valid labels read (null: none), which
 *                    tells the run's final windows ({@link dev.verity.store.WindowFinality})
 * @param metricsVersion the version of the metrics table the run committed (null: it wrote no row)
 */
public record RunAccounting(
        long predictionsRead,
        long predictionsQuarantined,
        long duplicatePredictions,
        long unlabeled,
        long evaluated,
        long labelsRead,
        long labelsQuarantined,
        long lateLabels,
        long invalidLabels,
        long orphanLabels,
        long labelsOutsideRange,
        long supersededLabels,
        long labelsUsed,
        Map<String, Long> quarantinedByReason,
        long metricRows,
        java.sql.Timestamp newestLabel,
        Long metricsVersion) {

    /** The accounting's columns of the runs table, in its order, as {@link #values()} gives them. */
    public static final List<String> COLUMNS = List.of(
            "predictions_read",
            "predictions_quarantined",
            "duplicate_predictions",
            "unlabeled",
            "evaluated",
            "labels_read",
            "labels_quarantined",
            "late_labels",
            "invalid_labels",
            "orphan_labels",
            "labels_outside_range",
            "superseded_labels",
            "labels_used",
            "quarantined_by_reason",
            "metric_rows");

    /** A run that read nothing: an incremental run with no window to evaluate again. */
    public static RunAccounting none() {
        return new RunAccounting(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, null, null);
    }

    /** The runs table's accounting columns by name. */
    public java.util.Map<String, Object> columns() {
        java.util.Map<String, Object> named = new java.util.HashMap<>();
        List<Object> values = values();
        for (int i = 0; i < COLUMNS.size(); i++) {
            named.put(COLUMNS.get(i), values.get(i));
        }
        return named;
    }

    /** The values of {@link #COLUMNS}; the reasons sorted. */
    public List<Object> values() {
        return Arrays.asList(
                predictionsRead,
                predictionsQuarantined,
                duplicatePredictions,
                unlabeled,
                evaluated,
                labelsRead,
                labelsQuarantined,
                lateLabels,
                invalidLabels,
                orphanLabels,
                labelsOutsideRange,
                supersededLabels,
                labelsUsed,
                new TreeMap<>(quarantinedByReason),
                metricRows);
    }

    /** True when every row read is in exactly one outcome. */
    public boolean balances() {
        return predictionsRead == predictionsQuarantined + duplicatePredictions + unlabeled + evaluated
                && labelsRead
                        == labelsQuarantined
                                + lateLabels
                                + invalidLabels
                                + orphanLabels
                                + labelsOutsideRange
                                + supersededLabels
                                + labelsUsed;
    }
}
