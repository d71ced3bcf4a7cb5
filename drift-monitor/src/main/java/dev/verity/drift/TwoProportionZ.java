package dev.verity.drift;

import java.util.TreeSet;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two-proportion z-test with the pooled proportion, two-sided, for binary features (at most two
 * categories); the proportion tested is that of the first category in sorted order.
 */
public final class TwoProportionZ extends BaseDriftTest {

    public TwoProportionZ() {
        super("ztest", 0.05, Direction.P_VALUE_BELOW, FeatureKind.CATEGORICAL);
    }

    @Override
    Outcome compareCategories(CategoricalDistribution reference, CategoricalDistribution current) {
        TreeSet<String> categories = CategoricalDistribution.union(reference, current);
        if (categories.size() > 2) {
            return Outcome.undefined("ztest needs a binary feature; found " + categories.size() + " categories");
        }
        String first = categories.first();
        double n1 = reference.total();
        double n2 = current.total();
        double p1 = reference.count(first) / n1;
        double p2 = current.count(first) / n2;
        double pooled = (reference.count(first) + current.count(first)) / (n1 + n2);
        double variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
        if (variance == 0) {
            return new Outcome(0.0, 1.0, "one value on both sides");
        }
        double z = (p1 - p2) / Math.sqrt(variance);
        return Outcome.test(z, 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z)));
    }
}
