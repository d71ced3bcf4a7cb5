package dev.verity.drift;

/**
 * The verdict on one feature, with the test and threshold actually used. {@code drifted} is null
 * when the statistic is undefined (see {@code reason}).
 */
public record DriftResult(
        String feature,
        FeatureKind kind,
        String method,
        Double statistic,
        Double pValue,
        double threshold,
        Boolean drifted,
        String reason) {}
