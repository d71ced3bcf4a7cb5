package dev.verity.jobs.evaluate;

import java.util.Map;

/**
 * Where every input row of an evaluate run went. Each prediction read is quarantined, a
 * duplicate, unlabeled or evaluated; each label read is quarantined, late, invalid, orphan,
 * superseded by a later correction, or used.
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
        long supersededLabels,
        long labelsUsed,
        Map<String, Long> quarantinedByReason,
        long metricRows) {

    /** True when every row read is in exactly one outcome. */
    public boolean balances() {
        return predictionsRead == predictionsQuarantined + duplicatePredictions + unlabeled + evaluated
                && labelsRead
                        == labelsQuarantined
                                + lateLabels
                                + invalidLabels
                                + orphanLabels
                                + supersededLabels
                                + labelsUsed;
    }
}
