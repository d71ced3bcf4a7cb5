package dev.verity.drift;

/** PSI = sum (cur - ref) ln(cur / ref) over 10 bins cut at the exact reference deciles. */
public final class PopulationStabilityIndex extends BaseDriftTest {

    public PopulationStabilityIndex() {
        super("psi", 0.1, Direction.STATISTIC_ABOVE, FeatureKind.NUMERIC, FeatureKind.CATEGORICAL);
    }

    @Override
    Outcome compareNumbers(NumericComparison c) {
        return Outcome.distance(
                Distances.psi(Distances.floored(c.referenceBinShares()), Distances.floored(c.currentBinShares())));
    }

    @Override
    Outcome compareCategories(CategoricalDistribution reference, CategoricalDistribution current) {
        double[][] shares = Distances.categoryShares(reference, current);
        return Outcome.distance(Distances.psi(shares[0], shares[1]));
    }
}
