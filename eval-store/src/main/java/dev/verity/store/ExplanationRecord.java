package dev.verity.store;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One feature's part in a model's loss change from a reference period to a window, in one
 * slice: the reference's loss reweighted to the feature's window distribution ({@code
 * reproduced}) and the part of the change that reproduces ({@code share}, null when the loss did
 * not change), the feature's PSI, and the correlation of its PSI with the loss change over the
 * {@code windows} (null with fewer than three, or no spread).
 */
public record ExplanationRecord(
        String model,
        Timestamp referenceStart,
        Timestamp referenceEnd,
        Timestamp windowStart,
        Timestamp windowEnd,
        String slice,
        String feature,
        String metric,
        double referenceValue,
        double windowValue,
        double reproduced,
        Double share,
        double psi,
        Double correlation,
        int windows) {

    /** The columns of an explanation, as {@code explain} prints them. */
    public static final List<String> COLUMNS = List.of(
            StoreTables.MODEL,
            "reference_start",
            "reference_end",
            "window_start",
            "window_end",
            "slice",
            "feature",
            "metric",
            "reference_value",
            "window_value",
            "reproduced",
            "share",
            "psi",
            "correlation",
            "windows");

    /** The values of {@link #COLUMNS}, times as ISO-8601 text. */
    public List<Object> values() {
        return named(
                        referenceStart.toInstant().toString(),
                        referenceEnd.toInstant().toString(),
                        windowStart.toInstant().toString(),
                        windowEnd.toInstant().toString())
                .in(COLUMNS);
    }

    /** The row of {@link StoreTables#EXPLANATION}. */
    Row toRow(String runId, Timestamp computedAt) {
        return named(referenceStart, referenceEnd, windowStart, windowEnd)
                .put("run_id", runId)
                .put("computed_at", computedAt)
                .row(StoreTables.EXPLANATION);
    }

    static ExplanationRecord of(Row r) {
        return new ExplanationRecord(
                r.getAs(StoreTables.MODEL),
                r.getAs("reference_start"),
                r.getAs("reference_end"),
                r.getAs("window_start"),
                r.getAs("window_end"),
                r.getAs("slice"),
                r.getAs("feature"),
                r.getAs("metric"),
                r.<Double>getAs("reference_value"),
                r.<Double>getAs("window_value"),
                r.<Double>getAs("reproduced"),
                r.getAs("share"),
                r.<Double>getAs("psi"),
                r.getAs("correlation"),
                r.<Integer>getAs("windows"));
    }

    private NamedValues named(Object referenceFrom, Object referenceTo, Object from, Object to) {
        return new NamedValues()
                .put(StoreTables.MODEL, model)
                .put("reference_start", referenceFrom)
                .put("reference_end", referenceTo)
                .put("window_start", from)
                .put("window_end", to)
                .put("slice", slice)
                .put("feature", feature)
                .put("metric", metric)
                .put("reference_value", referenceValue)
                .put("window_value", windowValue)
                .put("reproduced", reproduced)
                .put("share", share)
                .put("psi", psi)
                .put("correlation", correlation)
                .put("windows", windows);
    }
}
