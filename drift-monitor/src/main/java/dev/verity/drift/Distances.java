package dev.verity.drift;

import java.util.TreeSet;

/**
 * Shares of bins or categories, with each share floored at 1e-4 so that a bin empty on one side
 * gives a finite PSI (Evidently's convention), and the Jensen-Shannon distance between them.
 */
final class Distances {
    static final double MIN_SHARE = 1e-4;
    static final int PSI_BINS = 10;

    private Distances() {}

    /** Shares of each of the 10 bins [q_i, q_i+1) between the reference deciles (outer bins open), unfloored. */
    static double[] decileBinShares(NumericDistribution reference, NumericDistribution sample) {
        double[] edges = new double[PSI_BINS - 1];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = reference.quantile((i + 1) / (double) PSI_BINS);
        }
        double[] shares = new double[PSI_BINS];
        long previous = 0;
        for (int bin = 0; bin < PSI_BINS; bin++) {
            long below = bin == PSI_BINS - 1 ? sample.total() : sample.countBelow(edges[bin]);
            shares[bin] = (double) (below - previous) / sample.total();
            previous = below;
        }
        return shares;
    }

    static double[][] categoryShares(CategoricalDistribution reference, CategoricalDistribution current) {
        TreeSet<String> categories = CategoricalDistribution.union(reference, current);
        double[][] shares = new double[2][categories.size()];
        int i = 0;
        for (String category : categories) {
            shares[0][i] = floored((double) reference.count(category) / reference.total());
            shares[1][i] = floored((double) current.count(category) / current.total());
            i++;
        }
        return shares;
    }

    static double psi(double[] reference, double[] current) {
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            psi += (current[i] - reference[i]) * Math.log(current[i] / reference[i]);
        }
        return psi;
    }

    /** SciPy's {@code jensenshannon(p, q)} with the natural log: both vectors normalised first. */
    static double jensenShannon(double[] p, double[] q) {
        double sumP = 0;
        double sumQ = 0;
        for (int i = 0; i < p.length; i++) {
            sumP += p[i];
            sumQ += q[i];
        }
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sumP;
            double b = q[i] / sumQ;
            double m = (a + b) / 2;
            divergence += (a > 0 ? a * Math.log(a / m) : 0) + (b > 0 ? b * Math.log(b / m) : 0);
        }
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    private static double floored(double share) {
        return Math.max(share, MIN_SHARE);
    }

    static double[] floored(double[] shares) {
        double[] out = new double[shares.length];
        for (int i = 0; i < shares.length; i++) {
            out[i] = floored(shares[i]);
        }
        return out;
    }
}
