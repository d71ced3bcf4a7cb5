package dev.verity.jobs.evaluate;

import dev.verity.metrics.Calibration;
import dev.verity.metrics.RankingState;

/**
 * The choices behind a task's metrics: the binary decision threshold and calibration bins, the
 * ranking cut-offs K and the relevance that counts as relevant.
 *
 * @param threshold       binary: score >= threshold predicts positive
 * @param calibrationBins binary: equal-mass bins of the ECE and the reliability curve
 * @param ks              ranking: each K of the @K metrics
 * @param relevantAt      ranking: an item with at least this relevance is relevant for mrr, map,
 *                        precision, recall and hit rate (NDCG uses the relevance as its gain)
 * @param itemFeatures    ranking: the items' vectors (item_id, v0..v{d-1}) diversity@K compares, or null
 */
public record MetricOptions(double threshold, int calibrationBins, int[] ks, double relevantAt, String itemFeatures) {
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** The default threshold and bins, with these K. */
    public static MetricOptions defaults(int... ks) {
        return new MetricOptions(
                DEFAULT_THRESHOLD, Calibration.DEFAULT_BINS, ks, RankingState.DEFAULT_RELEVANT_AT, null);
    }

    /** These options with the items' vectors diversity@K compares. */
    public MetricOptions withItemFeatures(String itemFeatures) {
        return new MetricOptions(threshold, calibrationBins, ks, relevantAt, itemFeatures);
    }

    /** These options with another binary threshold. */
    public MetricOptions withThreshold(double threshold) {
        return new MetricOptions(threshold, calibrationBins, ks, relevantAt, itemFeatures);
    }
}
