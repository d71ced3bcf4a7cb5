package dev.verity.drift;

import java.util.EnumSet;
import java.util.Set;

/**
 * The declarations every test shares (name, kinds, default threshold, direction) and the rule
 * that a side with no values leaves the statistic undefined, so tests only compute.
 */
abstract class BaseDriftTest implements DriftTest {
    private final String name;
    private final double defaultThreshold;
    private final Direction direction;
    private final Set<FeatureKind> kinds;

    BaseDriftTest(String name, double defaultThreshold, Direction direction, FeatureKind first, FeatureKind... rest) {
        this.name = name;
        this.defaultThreshold = defaultThreshold;
        this.direction = direction;
        this.kinds = Set.copyOf(EnumSet.of(first, rest));
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<FeatureKind> kinds() {
        return kinds;
    }

    @Override
    public final double defaultThreshold() {
        return defaultThreshold;
    }

    @Override
    public final Direction direction() {
        return direction;
    }

    @Override
    public final Outcome numeric(NumericComparison comparison) {
        if (!kinds.contains(FeatureKind.NUMERIC)) {
            return DriftTest.super.numeric(comparison);
        }
        return comparison.referenceTotal() == 0 || comparison.currentTotal() == 0
                ? Outcome.undefined(emptySide(comparison.referenceTotal(), comparison.currentTotal()))
                : compareNumbers(comparison);
    }

    @Override
    public final Outcome categorical(CategoricalDistribution reference, CategoricalDistribution current) {
        if (!kinds.contains(FeatureKind.CATEGORICAL)) {
            return DriftTest.super.categorical(reference, current);
        }
        return reference.total() == 0 || current.total() == 0
                ? Outcome.undefined(emptySide(reference.total(), current.total()))
                : compareCategories(reference, current);
    }

    /** Called with values on both sides, only by tests of numeric features. */
    Outcome compareNumbers(NumericComparison comparison) {
        throw new UnsupportedOperationException(name);
    }

    /** Called with values on both sides, only by tests of categorical features. */
    Outcome compareCategories(CategoricalDistribution reference, CategoricalDistribution current) {
        throw new UnsupportedOperationException(name);
    }

    private static String emptySide(long reference, long current) {
        return reference == 0 && current == 0
                ? "no values in reference or current"
                : reference == 0 ? "no values in the reference" : "no values in the current data";
    }
}
