package dev.verity.store;

import java.sql.Timestamp;

/**
 * One row of the profiles table without its run: what one column of one model's input held in one
 * window, as the binary form of its profile (rows and nulls exact, distinct count, quantiles or
 * frequent values as sketches; {@code dev.verity.drift.profile.ColumnProfile}).
 *
 * @param kind    {@code numeric} or {@code categorical}
 * @param profile the profile's bytes
 */
public record ProfileRecord(
        String model,
        String input,
        Timestamp windowStart,
        Timestamp windowEnd,
        String column,
        String kind,
        long rows,
        long nulls,
        byte[] profile) {

    public static final String PROFILE = "profile";
    public static final String NULLS = "nulls";

    public NamedValues named() {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(Columns.INPUT, input)
                .put(Columns.WINDOW_START, windowStart)
                .put(Columns.WINDOW_END, windowEnd)
                .put(Columns.COLUMN, column)
                .put(Columns.KIND, kind)
                .put(Columns.ROWS, rows)
                .put(NULLS, nulls)
                .put(PROFILE, profile);
    }

    public static ProfileRecord of(NamedValues v) {
        return new ProfileRecord(
                v.string(Columns.MODEL),
                v.string(Columns.INPUT),
                v.timestamp(Columns.WINDOW_START),
                v.timestamp(Columns.WINDOW_END),
                v.string(Columns.COLUMN),
                v.string(Columns.KIND),
                v.longOrNull(Columns.ROWS),
                v.longOrNull(NULLS),
                (byte[]) v.get(PROFILE));
    }
}
