package dev.verity.store;

import java.sql.Timestamp;
import java.util.List;

/**
 * One fairness measure of one group of a protected attribute in one window of a model version:
 * a rate of the group, or its gap to the reference group, with its 95% interval.
 *
 * @param significant of a gap: whether its interval excludes no gap (0; 1 for a ratio); null of a rate
 * @param rows        the group's labelled rows in the window
 */
public record FairnessRecord(
        String model,
        String modelVersion,
        String attribute,
        String group,
        String referenceGroup,
        Timestamp windowStart,
        Timestamp windowEnd,
        String measure,
        Double value,
        Double ciLow,
        Double ciHigh,
        Boolean significant,
        long rows) {

    public static final String ATTRIBUTE = "attribute";
    public static final String GROUP = "group";
    public static final String REFERENCE_GROUP = "reference_group";
    public static final String MEASURE = "measure";
    public static final String SIGNIFICANT = "significant";

    /** The columns {@code verity fairness} prints, in order. */
    public static final List<String> COLUMNS = List.of(
            ATTRIBUTE,
            GROUP,
            REFERENCE_GROUP,
            Columns.WINDOW_START,
            Columns.WINDOW_END,
            MEASURE,
            Columns.VALUE,
            Columns.CI_LOW,
            Columns.CI_HIGH,
            SIGNIFICANT,
            Columns.ROWS,
            Columns.MODEL,
            Columns.MODEL_VERSION);

    public NamedValues named() {
        return new NamedValues()
                .put(ATTRIBUTE, attribute)
                .put(GROUP, group)
                .put(REFERENCE_GROUP, referenceGroup)
                .put(Columns.WINDOW_START, windowStart)
                .put(Columns.WINDOW_END, windowEnd)
                .put(MEASURE, measure)
                .put(Columns.VALUE, value)
                .put(Columns.CI_LOW, ciLow)
                .put(Columns.CI_HIGH, ciHigh)
                .put(SIGNIFICANT, significant)
                .put(Columns.ROWS, rows)
                .put(Columns.MODEL, model)
                .put(Columns.MODEL_VERSION, modelVersion);
    }

    public static FairnessRecord of(NamedValues v) {
        return new FairnessRecord(
                v.string(Columns.MODEL),
                v.string(Columns.MODEL_VERSION),
                v.string(ATTRIBUTE),
                v.string(GROUP),
                v.string(REFERENCE_GROUP),
                v.timestamp(Columns.WINDOW_START),
                v.timestamp(Columns.WINDOW_END),
                v.string(MEASURE),
                v.doubleOrNull(Columns.VALUE),
                v.doubleOrNull(Columns.CI_LOW),
                v.doubleOrNull(Columns.CI_HIGH),
                v.booleanOrNull(SIGNIFICANT),
                v.longOrNull(Columns.ROWS));
    }
}
