package dev.verity.metrics.fairness;

/**
 * A share of rows: {@code successes} of {@code trials}, with its Wilson score interval (95%),
 * which stays inside [0, 1] and keeps its coverage for small groups and rates near 0 or 1, where
 * the normal approximation does not. (By its formula: Commons Math's counts are ints, a Spark
 * group's rows may not be.)
 */
public record Proportion(long successes, long trials) {
    public Proportion {
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes of " + trials + " trials");
        }
    }

    /** The share, NaN of no trials. */
    public double value() {
        return trials == 0 ? Double.NaN : (double) successes / trials;
    }

    /** {@code (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)}. */
    public Interval wilson() {
        if (trials == 0) {
            return Interval.UNKNOWN;
        }
        double p = value();
        double n = trials;
        double z = Interval.Z;
        double scale = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / scale;
        double half = z / scale * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
