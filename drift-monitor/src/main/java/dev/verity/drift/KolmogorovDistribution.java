package dev.verity.drift;

import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The survival function P(D_n >= x) of the two-sided one-sample Kolmogorov statistic, as SciPy's
 * {@code kstwo.sf} computes it: by the cases of Simard and L'Ecuyer (2011). In the upper tail it
 * is twice the exact one-sided Smirnov probability (exact for x >= 1/2, and within rounding of
 * the two-sided value once n x^2 is large), summed in logarithms so that values down to 1e-300
 * keep their digits; {@code 1 - cdf} would cancel to 0 there. Elsewhere the probability is not
 * small, and 1 - cdf (Commons Math's Durbin matrix up to n = 140, Pelz-Good beyond) is exact to
 * rounding.
 */
final class KolmogorovDistribution {
    /** Where SciPy switches to 2 x Smirnov for n up to 140, and beyond 140. */
    private static final double SMALL_N_TAIL = 4.0;

    private static final double LARGE_N_TAIL = 2.2;
    /** Beyond this n x^2 (n > 140) the probability is below the smallest double; SciPy returns 0. */
    private static final double UNDERFLOW = 370.0;

    private static final int SMALL_N = 140;

    private KolmogorovDistribution() {}

    static double sf(double x, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (x >= 1.0) {
            return 0.0;
        }
        double t = n * x;
        if (t <= 0.5) {
            return 1.0;
        }
        if (t <= 1.0) {
            // Ruben and Gambino: P(D_n < x) = n! / n^n (2 t - 1)^n for 1/(2n) <= x <= 1/n.
            double logCdf = Gamma.logGamma(n + 1.0) - n * Math.log(n) + n * Math.log(2 * t - 1);
            return 1.0 - Math.exp(logCdf);
        }
        if (t >= n - 1) {
            return Math.min(1.0, 2 * Math.pow(1.0 - x, n));
        }
        double nxSquared = t * x;
        boolean tail = x >= 0.5 || nxSquared > (n <= SMALL_N ? SMALL_N_TAIL : LARGE_N_TAIL);
        if (!tail) {
            return Math.min(1.0, Math.max(0.0, 1.0 - new KolmogorovSmirnovTest().cdf(x, Math.toIntExact(n))));
        }
        if (n > SMALL_N && nxSquared >= UNDERFLOW) {
            return 0.0;
        }
        return Math.min(1.0, 2 * smirnov(n, x));
    }

    /**
     * P(D_n^+ >= x) by Birnbaum and Tingey's exact sum
     * x * sum_{j=0}^{floor(n (1-x))} C(n, j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1).
     * The terms (in logarithms) rise to one peak and fall, so the peak is found by bisecting on
     * the sign of the difference of neighbours, and only the terms within e^-50 of it are summed:
     * the rest cannot move a double. For n in the millions that is thousands of terms, not n.
     */
    static double smirnov(long n, double x) {
        long last = (long) Math.floor(n * (1 - x));
        if (n - last == 0 && last > 0) {
            last--; // 1 - x - last/n == 0: that term is 0
        }
        double logN = Gamma.logGamma(n + 1.0);
        long lo = 0;
        long hi = last;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (logTerm(n, x, mid + 1, logN) > logTerm(n, x, mid, logN)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        double max = logTerm(n, x, lo, logN);
        double scaled = 1; // sum of exp(term - max)
        for (long j = lo - 1; j >= 0; j--) {
            double term = logTerm(n, x, j, logN);
            scaled += Math.exp(term - max);
            if (term < max - NEGLIGIBLE) {
                break;
            }
        }
        for (long j = lo + 1; j <= last; j++) {
            double term = logTerm(n, x, j, logN);
            scaled += Math.exp(term - max);
            if (term < max - NEGLIGIBLE) {
                break;
            }
        }
        return Math.exp(Math.log(x) + max + Math.log(scaled));
    }

    /** Terms below e^-50 of the largest (2e-22 of it) are left out. */
    private static final double NEGLIGIBLE = 50;

    private static double logTerm(long n, double x, long j, double logN) {
        double rest = 1 - x - (double) j / n;
        if (rest <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return logN
                - Gamma.logGamma(j + 1.0)
                - Gamma.logGamma(n - j + 1.0)
                + (n - j) * Math.log(rest)
                + (j - 1) * Math.log(x + (double) j / n);
    }
}
