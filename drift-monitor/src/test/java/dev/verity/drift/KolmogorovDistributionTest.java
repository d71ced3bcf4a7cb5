package dev.verity.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * P(D_n >= x) against SciPy 1.10's {@code kstwo.sf(x, n)} (numbers computed there), through
 * every case: the trivial ends, Ruben-Gambino, 1 - cdf in the middle, and the Smirnov tail
 * down to 1e-300; below the smallest normal double only 0 is asked of either.
 */
class KolmogorovDistributionTest {
    private static final double RELATIVE = 1e-6;

    private static final double[][] SCIPY = {
        {5, 0.05, 1.0},
        {5, 0.15, 0.9988},
        {5, 0.3, 0.664},
        {5, 0.7, 0.005560000000000004},
        {5, 0.85, 0.0001518750000000001},
        {20, 0.03, 1.0},
        {20, 0.3, 0.04306706665851623},
        {20, 0.55, 3.2861970662280095e-06},
        {100, 0.08, 0.5182193645480672},
        {100, 0.2, 0.0005551927327988775},
        {100, 0.3, 1.7719869892662917e-08},
        {140, 0.12, 0.03252638258561632},
        {140, 0.5, 6.869300438276986e-33},
        {141, 0.05, 0.8548456930096628},
        {141, 0.3, 9.46134771413843e-12},
        {343, 0.1, 0.0019409753360867647},
        {343, 0.3, 7.127839340632236e-28},
        {500, 0.0015, 1.0},
        {500, 0.4, 1.0414017884998935e-72},
        {22222, 0.005, 0.6331173685159197},
        {22222, 0.0118, 0.00407358446800316},
        {22222, 0.05, 1.0132613211140176e-48},
        {22222, 0.1, 6.681198200788613e-194},
        {2500000, 0.0005, 0.5593866477273587},
        {2500000, 0.001, 0.013466912763551834},
        {1000, 0.9, 0.0},
    };

    @Test
    void agreesWithScipyToOneMillionthRelative() {
        for (double[] row : SCIPY) {
            double got = KolmogorovDistribution.sf(row[1], (long) row[0]);
            assertThat(got).as("n=%s x=%s", row[0], row[1]).isCloseTo(row[2], within(row[2] * RELATIVE));
        }
    }

    /**
     * Beyond SciPy's exact range: at n = 2.5M it approximates the Smirnov sum (4.116814e-9 and
     * 1.4154e-217, off by 1.6e-5 and 1.1%); these values are the exact sum in 30-digit mpmath.
     */
    @Test
    void largeNTailIsTheExactSum() {
        assertThat(KolmogorovDistribution.sf(0.002, 2500000))
                .isCloseTo(4.11674862235815e-9, within(4.11674862235815e-9 * RELATIVE));
        assertThat(KolmogorovDistribution.sf(0.01, 2500000))
                .isCloseTo(1.39986838363777e-217, within(1.39986838363777e-217 * RELATIVE));
        assertThat(KolmogorovDistribution.sf(0.05, 22222))
                .isCloseTo(1.01326132111403e-48, within(1.01326132111403e-48 * RELATIVE));
    }

    @Test
    void belowTheSmallestNormalDoubleIsZeroOrSubnormal() {
        // SciPy: 7.3e-318 and 2.4e-318 (subnormal); past n x^2 = 370 it returns 0.
        assertThat(KolmogorovDistribution.sf(0.128, 22222)).isLessThan(Double.MIN_NORMAL);
        assertThat(KolmogorovDistribution.sf(0.0121, 2500000)).isLessThan(Double.MIN_NORMAL);
        assertThat(KolmogorovDistribution.sf(0.2, 22222)).isZero();
    }

    @Test
    void theIssuesShiftAtFiftyAndFortyThousandRowsKeepsItsTail() {
        // 50,000 x 40,000 rows: n = round(50000 * 40000 / 90000) = 22222; 1 - cdf gave 2.2e-11 here.
        assertThat(KolmogorovDistribution.sf(0.1, 22222))
                .isCloseTo(6.681198200788613e-194, within(6.681198200788613e-194 * RELATIVE));
        assertThat(KolmogorovDistribution.sf(0.0, 10)).isEqualTo(1.0);
        assertThat(KolmogorovDistribution.sf(1.0, 10)).isEqualTo(0.0);
    }
}
