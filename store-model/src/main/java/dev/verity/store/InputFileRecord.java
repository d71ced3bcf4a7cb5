package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * One file of an input log as an incremental evaluate run read it: enough to tell, next time,
 * whether it changed (size, modification time) and which windows its rows can touch (the span
 * of its rows' times: {@code ts} for predictions, {@code label_ts} for labels; null when it has
 * no readable time).
 *
 * @param input  the log as the command named it (a folder or a file)
 * @param source {@code predictions} or {@code labels}
 * @param rows   -1 when unknown (a Delta table's file written without statistics)
 */
public record InputFileRecord(
        String input,
        String source,
        String file,
        long size,
        Instant modified,
        long rows,
        Instant minTime,
        Instant maxTime) {

    public static final String RECORDED_AT = "recorded_at";
    public static final String SIZE = "size";
    public static final String MODIFIED = "modified";
    public static final String MIN_TIME = "min_time";
    public static final String MAX_TIME = "max_time";

    public static InputFileRecord of(NamedValues v) {
        return new InputFileRecord(
                v.string(Columns.INPUT),
                v.string(Columns.SOURCE),
                v.string(Columns.FILE),
                v.longOrNull(SIZE),
                v.instant(MODIFIED),
                v.longOrNull(Columns.ROWS),
                v.instant(MIN_TIME),
                v.instant(MAX_TIME));
    }

    /** True when the file on disk is not the one recorded: another size or modification time. */
    public boolean changedTo(long newSize, Instant newModified) {
        return size != newSize || !modified.equals(newModified);
    }

    /** Its values by column, as the inputs table holds them. */
    public NamedValues named() {
        return new NamedValues()
                .put(Columns.INPUT, input)
                .put(Columns.SOURCE, source)
                .put(Columns.FILE, file)
                .put(SIZE, size)
                .put(MODIFIED, Timestamp.from(modified))
                .put(Columns.ROWS, rows)
                .put(MIN_TIME, minTime == null ? null : Timestamp.from(minTime))
                .put(MAX_TIME, maxTime == null ? null : Timestamp.from(maxTime));
    }
}
