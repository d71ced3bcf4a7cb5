package dev.verity.drift;

/**
 * Jensen-Shannon distance (natural log, as SciPy's {@code jensenshannon}) of category shares,
 * or of the PSI's reference-decile bins for numeric features.
 */
public final class JensenShannon extends BaseDriftTest {

    public JensenShannon() {
        super("jensenshannon", 0.1, Direction.STATISTIC_ABOVE, FeatureKind.NUMERIC, FeatureKind.CATEGORICAL);
    }

    @Override
    Outcome compareNumbers(NumericComparison c) {
        return Outcome.distance(Distances.jensenShannon(
                Distances.floored(c.referenceBinShares()), Distances.floored(c.currentBinShares())));
    }

    @Override
    Outcome compareCategories(CategoricalDistribution reference, CategoricalDistribution current) {
        double[][] shares = Distances.categoryShares(reference, current);
        return Outcome.distance(Distances.jensenShannon(shares[0], shares[1]));
    }
}
