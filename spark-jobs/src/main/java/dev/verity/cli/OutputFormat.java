package dev.verity.cli;

/** How a command prints its result: {@code --format}, given in lower case. */
enum OutputFormat {
    /** An aligned table, or prose, for people. */
    TABLE,
    CSV,
    /** One JSON array of row objects. */
    JSON,
    /** One JSON object per line. */
    JSONL,
    /** OpenMetrics text, each sample stamped with its window's end: only {@code verity metrics} writes it. */
    OPENMETRICS
}
