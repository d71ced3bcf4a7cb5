package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Row;

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

    /** Read from the store. */
    public static InputFileRecord of(Row row) {
        return new InputFileRecord(
                row.getAs("input"),
                row.getAs("source"),
                row.getAs("file"),
                row.<Long>getAs("size"),
                row.<Timestamp>getAs("modified").toInstant(),
                row.<Long>getAs("rows"),
                instant(row.getAs("min_time")),
                instant(row.getAs("max_time")));
    }

    /** True when the file on disk is not the one recorded: another size or modification time. */
    public boolean changedTo(long newSize, Instant newModified) {
        return size != newSize || !modified.equals(newModified);
    }

    Row toRow(String runId, Timestamp recordedAt) {
        return new NamedValues()
                .put("run_id", runId)
                .put("recorded_at", recordedAt)
                .put("input", input)
                .put("source", source)
                .put("file", file)
                .put("size", size)
                .put("modified", Timestamp.from(modified))
                .put("rows", rows)
                .put("min_time", minTime == null ? null : Timestamp.from(minTime))
                .put("max_time", maxTime == null ? null : Timestamp.from(maxTime))
                .row(StoreTables.INPUT_FILE);
    }

    private static Instant instant(Timestamp time) {
        return time == null ? null : time.toInstant();
    }
}
