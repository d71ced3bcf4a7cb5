package dev.verity.drift;

import java.util.Set;

/**
 * Jensen-Shannon distance (natural log, as SciPy's {@code jensenshannon}) of category shares,
 * or of the PSI's reference-decile bins for numeric features.
 */
public final class JensenShannon implements DriftTest {

    @Override
    public String name() {
        return "jensenshannon";
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
        return Outcome.distance(Distances.jensenShannon(Distances.floored(c.referenceBinShares()), Distances.floored(c.currentBinShares())));
    }

    @Override
    public Outcome categorical(CategoricalDistribution reference, CategoricalDistribution current) {
        if (reference.total() == 0 || current.total() == 0) {
            return Outcome.undefined(Distances.emptySide(reference.total(), current.total()));
        }
        double[][] shares = Distances.categoryShares(reference, current);
        return Outcome.distance(Distances.jensenShannon(shares[0], shares[1]));
    }
}
