package dev.verity.jobs.evaluate;

import dev.verity.metrics.Calibration;

/**
 * The choices behind a task's metrics: the binary decision threshold and calibration bins, the
 * ranking cut-offs K.
 *
 * @param threshold       binary: score >= threshold predicts positive
 * @param calibrationBins binary: equal-mass bins of the ECE and the reliability curve
 * @param ks              ranking: each K of the @K metrics
 */
public record MetricOptions(double threshold, int calibrationBins, int[] ks) {
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** The default threshold and bins, with these K. */
    public static MetricOptions defaults(int... ks) {
        return new MetricOptions(DEFAULT_THRESHOLD, Calibration.DEFAULT_BINS, ks);
    }
}
