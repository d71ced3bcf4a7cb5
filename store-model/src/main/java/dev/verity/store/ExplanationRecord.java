package dev.verity.store;

import java.sql.Timestamp;
import java.util.List;

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

    public static final String REFERENCE_START = "reference_start";
    public static final String REFERENCE_END = "reference_end";
    public static final String REFERENCE_VALUE = "reference_value";
    public static final String WINDOW_VALUE = "window_value";
    public static final String REPRODUCED = "reproduced";
    public static final String SHARE = "share";
    public static final String PSI = "psi";
    public static final String CORRELATION = "correlation";
    public static final String WINDOWS = "windows";

    /** The columns of an explanation, as {@code explain} prints them. */
    public static final List<String> COLUMNS = List.of(
            Columns.MODEL,
            REFERENCE_START,
            REFERENCE_END,
            Columns.WINDOW_START,
            Columns.WINDOW_END,
            Columns.SLICE,
            Columns.FEATURE,
            Columns.METRIC,
            REFERENCE_VALUE,
            WINDOW_VALUE,
            REPRODUCED,
            SHARE,
            PSI,
            CORRELATION,
            WINDOWS);

    /** The values of {@link #COLUMNS}, times as ISO-8601 text. */
    public List<Object> values() {
        return named(
                        referenceStart.toInstant().toString(),
                        referenceEnd.toInstant().toString(),
                        windowStart.toInstant().toString(),
                        windowEnd.toInstant().toString())
                .in(COLUMNS);
    }

    /** Its values by column, as the explanations table holds them. */
    public NamedValues named() {
        return named(referenceStart, referenceEnd, windowStart, windowEnd);
    }

    public static ExplanationRecord of(NamedValues v) {
        return new ExplanationRecord(
                v.string(Columns.MODEL),
                v.timestamp(REFERENCE_START),
                v.timestamp(REFERENCE_END),
                v.timestamp(Columns.WINDOW_START),
                v.timestamp(Columns.WINDOW_END),
                v.string(Columns.SLICE),
                v.string(Columns.FEATURE),
                v.string(Columns.METRIC),
                v.doubleOrNull(REFERENCE_VALUE),
                v.doubleOrNull(WINDOW_VALUE),
                v.doubleOrNull(REPRODUCED),
                v.doubleOrNull(SHARE),
                v.doubleOrNull(PSI),
                v.doubleOrNull(CORRELATION),
                (Integer) v.get(WINDOWS));
    }

    private NamedValues named(Object referenceFrom, Object referenceTo, Object from, Object to) {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(REFERENCE_START, referenceFrom)
                .put(REFERENCE_END, referenceTo)
                .put(Columns.WINDOW_START, from)
                .put(Columns.WINDOW_END, to)
                .put(Columns.SLICE, slice)
                .put(Columns.FEATURE, feature)
                .put(Columns.METRIC, metric)
                .put(REFERENCE_VALUE, referenceValue)
                .put(WINDOW_VALUE, windowValue)
                .put(REPRODUCED, reproduced)
                .put(SHARE, share)
                .put(PSI, psi)
                .put(CORRELATION, correlation)
                .put(WINDOWS, windows);
    }
}
