package dev.verity.metrics.fairness;

/** A measure's value and its 95% interval: a rate, a gap, a ratio or an AUC. */
public record Estimate(double value, Interval interval) {}
