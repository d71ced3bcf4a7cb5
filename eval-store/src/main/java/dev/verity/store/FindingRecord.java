package dev.verity.store;

import dev.verity.drift.loss.Finding;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One row of the findings table without its run: a monitor finding in one model's rows (null
 * when the log named none) of an input.
 */
public record FindingRecord(String model, String input, Finding finding) {

    /** The columns of a finding, as {@code monitor} prints them (model last, as added). */
    public static final List<String> COLUMNS =
            List.of("kind", "window_start", "column", "observed", "expected", "detail", StoreTables.MODEL);

    /** The values of {@link #COLUMNS}. */
    public List<Object> values() {
        Map<String, Object> named = named();
        return COLUMNS.stream().map(named::get).toList();
    }

    /** The row of {@link StoreTables#FINDING}. */
    Row toRow(String runId, Timestamp computedAt) {
        Map<String, Object> named = named();
        named.put("run_id", runId);
        named.put("computed_at", computedAt);
        named.put("input", input);
        return RowFactory.create(
                Arrays.stream(StoreTables.FINDING.fieldNames()).map(named::get).toArray());
    }

    private Map<String, Object> named() {
        Map<String, Object> named = new HashMap<>(); // HashMap: values may be null
        named.put(StoreTables.MODEL, model);
        named.put("kind", finding.kind().id());
        named.put("window_start", finding.windowStart() == null ? null : Timestamp.from(finding.windowStart()));
        named.put("column", finding.column());
        named.put("observed", finding.observed());
        // an expectation that is not a number (none was formed) is stored as null
        named.put("expected", Double.isNaN(finding.expected()) ? null : finding.expected());
        named.put("detail", finding.detail());
        return named;
    }
}
