package dev.verity.metrics.fairness;

import dev.verity.metrics.RocAuc;

/** A 95% interval; both ends NaN when there is nothing to estimate from. */
public record Interval(double low, double high) {
    /** The standard normal's 97.5% quantile, unrounded (the references' {@code norm.ppf(0.975)}). */
    public static final double Z = RocAuc.STANDARD_NORMAL.inverseCumulativeProbability(0.975);

    public static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN);

    /** Whether the interval lies wholly on one side of {@code value} (false when unknown). */
    public boolean excludes(double value) {
        return low > value || high < value;
    }
}
