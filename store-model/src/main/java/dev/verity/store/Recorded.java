package dev.verity.store;

import java.time.Instant;

/**
 * A result row as a run recorded it: the record with the run that wrote it and when, so a reader
 * can keep the latest run's rows of each key.
 */
public record Recorded<T>(String runId, Instant computedAt, T record) {}
