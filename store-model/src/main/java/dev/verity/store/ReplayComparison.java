package dev.verity.store;

import dev.verity.metrics.PairedAuc;
import java.util.List;
import java.util.Locale;

/**
 * One row of the replay table without its run: a metric of the baseline and the candidate
 * (live vs replay, or champion vs challenger) on one slice, their difference with its 95%
 * interval, p-value and verdict, the rows behind it, and why a value is missing.
 */
public record ReplayComparison(
        String model,
        String baseline,
        String candidate,
        String slice,
        String metric,
        Double baselineValue,
        Double candidateValue,
        Double delta,
        Double ciLow,
        Double ciHigh,
        Double pValue,
        String verdict,
        long n,
        String reason) {

    /** The live-versus-replay slice and sides of the agreement rows. */
    public static final String LIVE = "live";

    public static final String REPLAY = "replay";

    /** A row-level agreement figure of a replay (rows, mismatches, ...): a value of the replay side only. */
    public static ReplayComparison agreement(
            String model, String metric, Double value, long n, String reasonIfMissing) {
        return new ReplayComparison(
                model,
                LIVE,
                REPLAY,
                Slices.ALL,
                metric,
                null,
                value,
                null,
                null,
                null,
                null,
                null,
                n,
                value == null ? reasonIfMissing : null);
    }

    /** The paired DeLong comparison of two scores' AUCs on the same rows. */
    public static ReplayComparison auc(
            String model, String baseline, String candidate, String slice, String metric, PairedAuc.Comparison auc) {
        ReplayComparison side = sideBySide(
                model,
                baseline,
                candidate,
                slice,
                metric,
                auc.aucA(),
                auc.aucB(),
                auc.positives() + auc.negatives(),
                auc.reason());
        return new ReplayComparison(
                side.model(),
                side.baseline(),
                side.candidate(),
                side.slice(),
                side.metric(),
                side.baselineValue(),
                side.candidateValue(),
                auc.delta(),
                auc.ciLow(),
                auc.ciHigh(),
                auc.pValue(),
                auc.verdict() == null ? null : auc.verdict().name().toLowerCase(Locale.ROOT),
                side.n(),
                side.reason());
    }

    /** Two values side by side, with no interval. */
    public static ReplayComparison sideBySide(
            String model,
            String baseline,
            String candidate,
            String slice,
            String metric,
            Double a,
            Double b,
            long n,
            String reason) {
        return new ReplayComparison(
                model,
                baseline,
                candidate,
                slice,
                metric,
                a,
                b,
                a == null || b == null ? null : b - a,
                null,
                null,
                null,
                null,
                n,
                reason);
    }

    public static final String TRAFFIC = "traffic";
    public static final String BASELINE = "baseline";
    public static final String CANDIDATE = "candidate";
    public static final String BASELINE_VALUE = "baseline_value";
    public static final String CANDIDATE_VALUE = "candidate_value";
    public static final String DELTA_CI_LOW = "delta_ci_low";
    public static final String DELTA_CI_HIGH = "delta_ci_high";
    public static final String VERDICT = "verdict";

    /** The replay table's columns of a comparison (all but the run's and the traffic). */
    public static final List<String> COLUMNS = List.of(
            Columns.MODEL,
            BASELINE,
            CANDIDATE,
            Columns.SLICE,
            Columns.METRIC,
            BASELINE_VALUE,
            CANDIDATE_VALUE,
            Columns.DELTA,
            DELTA_CI_LOW,
            DELTA_CI_HIGH,
            Columns.P_VALUE,
            VERDICT,
            Columns.N,
            Columns.REASON);

    /** The values of {@link #COLUMNS}. */
    public List<Object> values() {
        return named().in(COLUMNS);
    }

    /** Its values by column, as the replay table holds them. */
    public NamedValues named() {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(BASELINE, baseline)
                .put(CANDIDATE, candidate)
                .put(Columns.SLICE, slice)
                .put(Columns.METRIC, metric)
                .put(BASELINE_VALUE, baselineValue)
                .put(CANDIDATE_VALUE, candidateValue)
                .put(Columns.DELTA, delta)
                .put(DELTA_CI_LOW, ciLow)
                .put(DELTA_CI_HIGH, ciHigh)
                .put(Columns.P_VALUE, pValue)
                .put(VERDICT, verdict)
                .put(Columns.N, n)
                .put(Columns.REASON, reason);
    }

    /**
     * The comparison in values holding the replay table's columns from slice on; its sides,
     * which a row computed in a task may not hold, are given.
     */
    public static ReplayComparison of(NamedValues v, String model, String baseline, String candidate) {
        return new ReplayComparison(
                model,
                baseline,
                candidate,
                v.string(Columns.SLICE),
                v.string(Columns.METRIC),
                v.doubleOrNull(BASELINE_VALUE),
                v.doubleOrNull(CANDIDATE_VALUE),
                v.doubleOrNull(Columns.DELTA),
                v.doubleOrNull(DELTA_CI_LOW),
                v.doubleOrNull(DELTA_CI_HIGH),
                v.doubleOrNull(Columns.P_VALUE),
                v.string(VERDICT),
                v.longOrNull(Columns.N),
                v.string(Columns.REASON));
    }

    /** The comparison a replay table's row holds. */
    public static ReplayComparison of(NamedValues v) {
        return of(v, v.string(Columns.MODEL), v.string(BASELINE), v.string(CANDIDATE));
    }
}
