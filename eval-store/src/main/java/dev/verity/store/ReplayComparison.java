package dev.verity.store;

import dev.verity.metrics.PairedAuc;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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
    public static final String ALL = "all";

    /** A row-level agreement figure of a replay (rows, mismatches, ...): a value of the replay side only. */
    public static ReplayComparison agreement(
            String model, String metric, Double value, long n, String reasonIfMissing) {
        return new ReplayComparison(
                model,
                LIVE,
                REPLAY,
                ALL,
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
        return new ReplayComparison(
                model,
                baseline,
                candidate,
                slice,
                metric,
                auc.aucA(),
                auc.aucB(),
                auc.delta(),
                auc.ciLow(),
                auc.ciHigh(),
                auc.pValue(),
                auc.verdict() == null ? null : auc.verdict().name().toLowerCase(Locale.ROOT),
                auc.positives() + auc.negatives(),
                auc.reason());
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

    /** The replay table's columns of a comparison ({@link StoreTables#REPLAY_RESULT} from model on). */
    public static final List<String> COLUMNS = List.of(StoreTables.REPLAY_RESULT.fieldNames())
            .subList(
                    List.of(StoreTables.REPLAY_RESULT.fieldNames()).indexOf("model"),
                    StoreTables.REPLAY_RESULT.fieldNames().length);

    /** The values of {@link #COLUMNS}. */
    public List<Object> values() {
        return Arrays.asList(
                model,
                baseline,
                candidate,
                slice,
                metric,
                baselineValue,
                candidateValue,
                delta,
                ciLow,
                ciHigh,
                pValue,
                verdict,
                n,
                reason);
    }

    /** The row of {@link StoreTables#REPLAY_RESULT}. */
    Row toRow(String runId, Timestamp computedAt, String traffic) {
        List<Object> row = new ArrayList<>(Arrays.asList(runId, computedAt, traffic));
        row.addAll(values());
        return RowFactory.create(row.toArray());
    }

    /**
     * The comparison in a row holding the replay table's columns from slice on, by name; its
     * sides, which a row computed in a task may not hold, are given.
     */
    public static ReplayComparison of(Row r, String model, String baseline, String candidate) {
        return new ReplayComparison(
                model,
                baseline,
                candidate,
                r.getAs("slice"),
                r.getAs("metric"),
                r.getAs("baseline_value"),
                r.getAs("candidate_value"),
                r.getAs("delta"),
                r.getAs("delta_ci_low"),
                r.getAs("delta_ci_high"),
                r.getAs("p_value"),
                r.getAs("verdict"),
                r.<Long>getAs("n"),
                r.getAs("reason"));
    }
}
