package dev.verity.drift;

import java.util.Set;

/** PSI = sum (cur - ref) ln(cur / ref) over 10 bins cut at the exact reference deciles. */
public final class PopulationStabilityIndex implements DriftTest {

    @Override
    public String name() {
        return "psi";
    }

    @Override
    public Set<FeatureKind> kinds() {
        return Set.of(FeatureKind.NUMERIC, FeatureKind.CATEGORICAL);
    }

    @Override
    public double defaultThreshold() {
        return 0.1;
    }

    @Override
    public Direction direction() {
        return Direction.STATISTIC_ABOVE;
    }

    @Override
    public Outcome numeric(NumericComparison c) {
        if (c.referenceTotal() == 0 || c.currentTotal() == 0) {
            return Outcome.undefined(Distances.emptySide(c.referenceTotal(), c.currentTotal()));
        }
        return Outcome.distance(Distances.psi(Distances.floored(c.referenceBinShares()), Distances.floored(c.currentBinShares())));
    }

    @Override
    public Outcome categorical(CategoricalDistribution reference, CategoricalDistribution current) {
        if (reference.total() == 0 || current.total() == 0) {
            return Outcome.undefined(Distances.emptySide(reference.total(), current.total()));
        }
        double[][] shares = Distances.categoryShares(reference, current);
        return Outcome.distance(Distances.psi(shares[0], shares[1]));
    }
}
