package dev.verity.metrics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Against scipy.stats.false_discovery_control(p, method='bh') (SciPy 1.17.1), computed outside this code. */
class FalseDiscoveryTest {
    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("q[%d]", i).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void qValuesWithTiesAndOnesAgreeWithScipy() {
        assertClose(
                FalseDiscovery.qValues(new double[] {0.01, 0.04, 0.03, 0.20, 0.001, 0.04, 0.5, 1.0}),
                new double[] {0.04, 0.064, 0.064, 0.26666666666666666, 0.008, 0.064, 0.5714285714285714, 1.0});
        assertClose(FalseDiscovery.qValues(new double[] {0.9, 0.8, 0.7}), new double[] {0.9, 0.9, 0.9});
    }

    @Test
    void qValuesOfRandomPValuesAgreeWithScipy() {
        // numpy.random.default_rng(3).uniform(size=12) ** 2
        double[] p = {
            0.007335779832396503, 0.05607921603430138, 0.6420407685917974, 0.33891263623461026,
            0.008860201290021063, 0.18759894635860994, 0.22949014625041825, 0.025516520849431873,
            0.539603591372476, 0.012921328113011934, 0.15305949703851002, 0.2670204163355603
        };
        assertClose(FalseDiscovery.qValues(p), new double[] {
            0.05168531245204774, 0.1345901184823233, 0.6420407685917974, 0.4066951634815323,
            0.05168531245204774, 0.321598193757617, 0.3442352193756274, 0.07654956254829562,
            0.5886584633154284, 0.05168531245204774, 0.30611899407702003, 0.356027221780747
        });
    }

    @Test
    void aMissingTestIsLeftOutOfTheCountAndNothingIsEmpty() {
        // scipy on [0.01, 0.04, 0.03]: the NaN does not count as a fourth test
        double[] q = FalseDiscovery.qValues(new double[] {0.01, Double.NaN, 0.04, 0.03});
        assertThat(q[1]).isNaN();
        assertClose(new double[] {q[0], q[2], q[3]}, new double[] {0.03, 0.04, 0.04});
        assertThat(FalseDiscovery.qValues(new double[0])).isEmpty();
        assertThatThrownBy(() -> FalseDiscovery.qValues(new double[] {1.5})).hasMessageContaining("not in [0, 1]");
    }
}
