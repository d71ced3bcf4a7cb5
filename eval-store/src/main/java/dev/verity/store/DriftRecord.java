package dev.verity.store;

import dev.verity.drift.DriftResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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
        Map<String, Object> named = named();
        return COLUMNS.stream().map(named::get).toList();
    }

    /** The row of {@link StoreTables#DRIFT_RESULT}. */
    Row toRow(String runId, Timestamp computedAt) {
        Map<String, Object> named = named();
        named.put("run_id", runId);
        named.put("computed_at", computedAt);
        named.put("reference", reference);
        named.put("current", current);
        return RowFactory.create(Arrays.stream(StoreTables.DRIFT_RESULT.fieldNames())
                .map(named::get)
                .toArray());
    }

    private Map<String, Object> named() {
        Map<String, Object> named = new HashMap<>(); // HashMap: values may be null
        named.put(StoreTables.MODEL, model);
        named.put("window_start", windowStart == null ? null : Timestamp.from(windowStart));
        named.put("feature", result.feature());
        named.put("kind", result.kind().id());
        named.put("method", result.method());
        named.put("statistic", result.statistic());
        named.put("p_value", result.pValue());
        named.put("threshold", result.threshold());
        named.put("drifted", result.drifted());
        named.put("reason", result.reason());
        named.put("reference_missing", referenceMissing);
        named.put("current_missing", currentMissing);
        named.put("dataset_drift", datasetDrift);
        return named;
    }
}
