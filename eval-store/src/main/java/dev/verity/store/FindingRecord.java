package dev.verity.store;

import dev.verity.drift.loss.Finding;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;

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
        return named().in(COLUMNS);
    }

    /** The row of {@link StoreTables#FINDING}. */
    Row toRow(String runId, Timestamp computedAt) {
        return named().put("run_id", runId)
                .put("computed_at", computedAt)
                .put("input", input)
                .row(StoreTables.FINDING);
    }

    private NamedValues named() {
        return new NamedValues()
                .put(StoreTables.MODEL, model)
                .put("kind", finding.kind().id())
                .put("window_start", finding.windowStart() == null ? null : Timestamp.from(finding.windowStart()))
                .put("column", finding.column())
                .put("observed", finding.observed())
                // an expectation that is not a number (none was formed) is stored as null
                .put("expected", Double.isNaN(finding.expected()) ? null : finding.expected())
                .put("detail", finding.detail());
    }
}
