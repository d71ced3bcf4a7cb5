package dev.verity.drift.loss;

import java.time.Instant;

/** One data-loss or quality problem: what was observed, what was expected, and why it matters. */
public record Finding(
        FindingKind kind, Instant windowStart, String column, double observed, double expected, String detail) {}
