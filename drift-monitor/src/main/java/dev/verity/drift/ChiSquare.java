package dev.verity.drift;

import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Chi-square test of the 2 x k table of category counts, reference vs current, without
 * continuity correction (SciPy's {@code chi2_contingency(correction=False)}).
 */
public final class ChiSquare extends BaseDriftTest {

    public ChiSquare() {
        super("chi2", 0.05, Direction.P_VALUE_BELOW, FeatureKind.CATEGORICAL);
    }

    @Override
    Outcome compareCategories(CategoricalDistribution reference, CategoricalDistribution current) {
        TreeSet<String> categories = CategoricalDistribution.union(reference, current);
        if (categories.size() < 2) {
            // One category on both sides: identical distributions, nothing to test.
            return new Outcome(0.0, 1.0, "a single category on both sides");
        }
        long[] ref = new long[categories.size()];
        long[] cur = new long[categories.size()];
        int i = 0;
        for (String category : categories) {
            ref[i] = reference.count(category);
            cur[i++] = current.count(category);
        }
        ChiSquareTest test = new ChiSquareTest();
        return Outcome.test(test.chiSquareDataSetsComparison(ref, cur), test.chiSquareTestDataSetsComparison(ref, cur));
    }
}
