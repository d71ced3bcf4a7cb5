package dev.verity.drift;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of drift tests and the automatic choice among them: with at most 1000 reference
 * rows, {@code ks} for numeric and {@code chi2} for categorical features; otherwise
 * {@code wasserstein} and {@code jensenshannon}. A numeric feature with at most 5 distinct
 * reference values is compared as categorical (as Evidently does).
 */
public final class DriftTests {
    public static final String AUTO = "auto";
    static final long SMALL_REFERENCE = 1000;
    static final int MAX_CATEGORY_LIKE_DISTINCT = 5;

    private static final Map<String, DriftTest> TESTS = new LinkedHashMap<>();

    static {
        for (DriftTest test : List.of(
                new KolmogorovSmirnov(),
                new PopulationStabilityIndex(),
                new Wasserstein(),
                new JensenShannon(),
                new ChiSquare(),
                new TwoProportionZ())) {
            TESTS.put(test.name(), test);
        }
    }

    private DriftTests() {}

    public static List<String> names() {
        return List.copyOf(TESTS.keySet());
    }

    /** The test of this name; the message lists the valid names. */
    public static DriftTest byName(String name) {
        DriftTest test = TESTS.get(name);
        if (test == null) {
            throw new IllegalArgumentException(
                    "unknown drift method '" + name + "'; use one of auto, " + String.join(", ", TESTS.keySet()));
        }
        return test;
    }

    public static DriftTest auto(FeatureKind kind, long referenceRows) {
        boolean small = referenceRows <= SMALL_REFERENCE;
        return byName(
                kind == FeatureKind.NUMERIC ? (small ? "ks" : "wasserstein") : (small ? "chi2" : "jensenshannon"));
    }

    /** Tests a numeric feature with the named method (or {@code auto}); a null threshold means the test's default. */
    public static DriftResult numeric(
            String feature,
            NumericDistribution reference,
            NumericDistribution current,
            String method,
            Double threshold) {
        if (treatAsCategorical(reference.distinct(), method)) {
            return categorical(
                    feature,
                    CategoricalDistribution.of(reference),
                    CategoricalDistribution.of(current),
                    method,
                    threshold);
        }
        return numeric(feature, NumericComparison.of(reference, current), method, threshold);
    }

    /**
     * Whether a numeric feature with this many distinct reference values is compared as
     * categorical: few values under {@code auto}, or a method that only takes categories.
     */
    public static boolean treatAsCategorical(long referenceDistinct, String method) {
        if (method.equals(AUTO)) {
            return referenceDistinct > 0 && referenceDistinct <= MAX_CATEGORY_LIKE_DISTINCT;
        }
        return !byName(method).kinds().contains(FeatureKind.NUMERIC);
    }

    /** Tests a numeric feature already summarised; callers check {@link #treatAsCategorical} first. */
    public static DriftResult numeric(String feature, NumericComparison comparison, String method, Double threshold) {
        DriftTest test = method.equals(AUTO) ? auto(FeatureKind.NUMERIC, comparison.referenceTotal()) : byName(method);
        return judge(feature, FeatureKind.NUMERIC, test, test.numeric(comparison), threshold);
    }

    public static DriftResult categorical(
            String feature,
            CategoricalDistribution reference,
            CategoricalDistribution current,
            String method,
            Double threshold) {
        DriftTest test = method.equals(AUTO) ? auto(FeatureKind.CATEGORICAL, reference.total()) : byName(method);
        if (!test.kinds().contains(FeatureKind.CATEGORICAL)) {
            throw new IllegalArgumentException(test.name() + " cannot test the categorical feature '" + feature + "'");
        }
        return judge(feature, FeatureKind.CATEGORICAL, test, test.categorical(reference, current), threshold);
    }

    private static DriftResult judge(
            String feature, FeatureKind kind, DriftTest test, DriftTest.Outcome outcome, Double threshold) {
        double used = threshold == null ? test.defaultThreshold() : threshold;
        Boolean drifted;
        if (test.direction() == DriftTest.Direction.P_VALUE_BELOW) {
            drifted = outcome.pValue() == null ? null : outcome.pValue() < used;
        } else {
            drifted = outcome.statistic() == null ? null : outcome.statistic() > used;
        }
        return new DriftResult(
                feature, kind, test.name(), outcome.statistic(), outcome.pValue(), used, drifted, outcome.reason());
    }

    /** Dataset-level drift: at least half of the features drifted (an undefined verdict is not drift). */
    public static boolean datasetDrift(List<DriftResult> results) {
        long drifted =
                results.stream().filter(r -> Boolean.TRUE.equals(r.drifted())).count();
        return !results.isEmpty() && 2 * drifted >= results.size();
    }
}
