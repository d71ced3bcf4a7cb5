package dev.verity.store;

import dev.verity.drift.DriftResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One row of the drift table without its run: one feature's verdict for one model (null when the
 * data named none) in one window (null: the whole current data), with the values missing on
 * each side and the window's dataset-level verdict.
 */
public record DriftRecord(
        String model,
        String reference,
        String current,
        Instant windowStart,
        DriftResult result,
        long referenceMissing,
        long currentMissing,
        boolean datasetDrift) {

    /** The columns of a verdict, as {@code drift} prints them (the run and the inputs left out; model last, as added). */
    public static final List<String> COLUMNS = List.of(
            "window_start",
            "feature",
            "kind",
            "method",
            "statistic",
            "p_value",
            "threshold",
            "drifted",
            "reason",
            "reference_missing",
            "current_missing",
            "dataset_drift",
            StoreTables.MODEL);

    /** The values of {@link #COLUMNS}. */
    public List<Object> values() {
        return named().in(COLUMNS);
    }

    /** The row of {@link StoreTables#DRIFT_RESULT}. */
    Row toRow(String runId, Timestamp computedAt) {
        return named().put("run_id", runId)
                .put("computed_at", computedAt)
                .put("reference", reference)
                .put("current", current)
                .row(StoreTables.DRIFT_RESULT);
    }

    private NamedValues named() {
        return new NamedValues()
                .put(StoreTables.MODEL, model)
                .put("window_start", windowStart == null ? null : Timestamp.from(windowStart))
                .put("feature", result.feature())
                .put("kind", result.kind().id())
                .put("method", result.method())
                .put("statistic", result.statistic())
                .put("p_value", result.pValue())
                .put("threshold", result.threshold())
                .put("drifted", result.drifted())
                .put("reason", result.reason())
                .put("reference_missing", referenceMissing)
                .put("current_missing", currentMissing)
                .put("dataset_drift", datasetDrift);
    }
}
