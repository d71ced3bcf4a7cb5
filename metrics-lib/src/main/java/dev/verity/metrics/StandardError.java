package dev.verity.metrics;

/**
 * The standard error of a mean of per-row values from their sum and sum of squares: what an
 * unpaired comparison of two versions' log loss or Brier score needs, kept as sums so it merges
 * like every other binary quantity.
 */
final class StandardError {
    private StandardError() {}

    /** sqrt(sample variance / n); undefined below 2 rows. */
    static MetricValue ofMean(String name, double sum, double squares, long n) {
        if (n < 2) {
            return MetricValue.undefined(name, "a standard error needs at least 2 rows (" + n + ")");
        }
        double mean = sum / n;
        // the squares' sum can fall a rounding error below n mean^2 when every row is equal
        double variance = Math.max(0.0, (squares - n * mean * mean) / (n - 1));
        return MetricValue.of(name, Math.sqrt(variance / n));
    }
}
