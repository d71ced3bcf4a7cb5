package dev.verity.drift;

/**
 * What the numeric drift tests need to know about a reference and a current sample. Computed
 * exactly either in memory from two {@link NumericDistribution}s ({@link #of}) or by an engine
 * from the sorted union of both samples (the Spark job), so no test needs the raw columns.
 */
public interface NumericComparison {

    long referenceTotal();

    long currentTotal();

    /** Distinct reference values, to compare few-valued numeric features as categories. */
    long referenceDistinct();

    /** sup |F_ref - F_cur| over all values. */
    double ksStatistic();

    /** The area between the two empirical CDFs (not yet normalised). */
    double wassersteinDistance();

    /** The reference's population standard deviation. */
    double referenceStd();

    /** Shares of the 10 bins [q_i, q_i+1) between the exact reference deciles, before any floor. */
    double[] referenceBinShares();

    double[] currentBinShares();

    static NumericComparison of(NumericDistribution reference, NumericDistribution current) {
        return new InMemory(reference, current);
    }

    /** The in-memory computation from two exact distributions. */
    record InMemory(NumericDistribution reference, NumericDistribution current) implements NumericComparison {
        @Override
        public long referenceTotal() {
            return reference.total();
        }

        @Override
        public long currentTotal() {
            return current.total();
        }

        @Override
        public long referenceDistinct() {
            return reference.distinct();
        }

        @Override
        public double ksStatistic() {
            return KolmogorovSmirnov.statistic(reference, current);
        }

        @Override
        public double wassersteinDistance() {
            return Wasserstein.distance(reference, current);
        }

        @Override
        public double referenceStd() {
            return reference.populationStd();
        }

        @Override
        public double[] referenceBinShares() {
            return Distances.decileBinShares(reference, reference);
        }

        @Override
        public double[] currentBinShares() {
            return Distances.decileBinShares(reference, current);
        }
    }
}
