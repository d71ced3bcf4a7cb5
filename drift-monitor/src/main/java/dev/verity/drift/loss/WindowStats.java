package dev.verity.drift.loss;

import java.time.Instant;
import java.util.Map;

/**
 * What one time window of a prediction log held: its rows, the nulls of each column, rows whose
 * id repeats one already in the window, and (when labels are given) how many rows got a label.
 * {@code labelled} is null when the window's label window has not closed yet, so a low coverage
 * there is not yet a loss.
 */
public record WindowStats(Instant start, long rows, Map<String, Long> nulls, long duplicateIds, Long labelled) {}
