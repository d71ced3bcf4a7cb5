package dev.verity.store;

import dev.verity.drift.loss.Finding;
import dev.verity.drift.loss.FindingKind;
import java.sql.Timestamp;
import java.util.List;

/**
 * One row of the findings table without its run: a monitor finding in one model's rows (null
 * when the log named none) of an input.
 */
public record FindingRecord(String model, String input, Finding finding) {

    public static final String OBSERVED = "observed";
    public static final String EXPECTED = "expected";
    public static final String DETAIL = "detail";

    /** The columns of a finding, as {@code monitor} prints them (model last, as added). */
    public static final List<String> COLUMNS =
            List.of(Columns.KIND, Columns.WINDOW_START, Columns.COLUMN, OBSERVED, EXPECTED, DETAIL, Columns.MODEL);

    /** The values of {@link #COLUMNS}. */
    public List<Object> values() {
        return named().in(COLUMNS);
    }

    /** Its values by column, as the findings table holds them. */
    public NamedValues named() {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(Columns.INPUT, input)
                .put(Columns.KIND, finding.kind().id())
                .put(Columns.WINDOW_START, finding.windowStart() == null ? null : Timestamp.from(finding.windowStart()))
                .put(Columns.COLUMN, finding.column())
                .put(OBSERVED, finding.observed())
                // an expectation that is not a number (none was formed) is stored as null
                .put(EXPECTED, Double.isNaN(finding.expected()) ? null : finding.expected())
                .put(DETAIL, finding.detail());
    }

    public static FindingRecord of(NamedValues v) {
        Double expected = v.doubleOrNull(EXPECTED);
        return new FindingRecord(
                v.string(Columns.MODEL),
                v.string(Columns.INPUT),
                new Finding(
                        FindingKind.ofId(v.string(Columns.KIND)),
                        v.instant(Columns.WINDOW_START),
                        v.string(Columns.COLUMN),
                        v.doubleOrNull(OBSERVED),
                        expected == null ? Double.NaN : expected,
                        v.string(DETAIL)));
    }
}
