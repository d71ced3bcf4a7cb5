package dev.verity.metrics.beyondaccuracy;

import java.util.List;

/** A list's diversity: the mean cosine distance, 1 - cos(u, v), over every pair of its items' vectors. */
public final class IntraListDiversity {
    private IntraListDiversity() {}

    /** @return NaN with fewer than two vectors */
    public static double of(List<double[]> vectors) {
        int n = vectors.size();
        if (n < 2) {
            return Double.NaN;
        }
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = Math.sqrt(dot(vectors.get(i), vectors.get(i)));
            if (!(norms[i] > 0)) {
                throw new IllegalArgumentException("a zero vector has no direction to compare");
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sum += 1 - dot(vectors.get(i), vectors.get(j)) / (norms[i] * norms[j]);
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }

    private static double dot(double[] u, double[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("vectors of " + u.length + " and " + v.length + " dimensions");
        }
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }
}
