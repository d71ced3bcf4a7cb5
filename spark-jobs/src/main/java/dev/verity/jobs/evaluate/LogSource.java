package dev.verity.jobs.evaluate;

/** The two logs an evaluation joins, by the name the store's quarantine and input manifest give them. */
enum LogSource {
    PREDICTIONS("predictions", "ts"),
    LABELS("labels", "label_ts");

    private final String id;
    private final String timeColumn;

    LogSource(String id, String timeColumn) {
        this.id = id;
        this.timeColumn = timeColumn;
    }

    /** The name in the store's {@code source} columns. */
    String id() {
        return id;
    }

    /** The column that places a row of this log in time. */
    String timeColumn() {
        return timeColumn;
    }
}
