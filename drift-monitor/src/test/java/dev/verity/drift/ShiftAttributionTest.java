package dev.verity.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftAttributionTest {
    @Test
    void aShiftTowardsAWorseBinReproducesTheWholeChange() {
        // bin 0 has loss 0.2 per row, bin 1 has 1.0, in both periods; the window moves rows to bin 1
        ShiftAttribution.Bins reference = new ShiftAttribution.Bins(new long[] {80, 20}, new double[] {16, 20});
        ShiftAttribution.Bins window = new ShiftAttribution.Bins(new long[] {40, 60}, new double[] {8, 60});
        ShiftAttribution.Attribution a = ShiftAttribution.of(reference, window, List.of(window));
        assertThat(a.referenceLoss()).isCloseTo(0.36, within(1e-12));
        assertThat(a.windowLoss()).isCloseTo(0.68, within(1e-12));
        assertThat(a.reproduced()).isCloseTo(0.4 * 0.2 + 0.6 * 1.0, within(1e-12));
        assertThat(a.share()).isCloseTo(1.0, within(1e-12));
        // PSI by hand: (0.4 - 0.8) ln(0.4 / 0.8) + (0.6 - 0.2) ln(0.6 / 0.2)
        assertThat(a.psi()).isCloseTo(-0.4 * Math.log(0.5) + 0.4 * Math.log(3), within(1e-12));
        assertThat(a.correlation()).isNaN(); // one window: no correlation
    }

    @Test
    void aFeatureThatDidNotMoveReproducesNothingOfAChangeWithinItsBins() {
        ShiftAttribution.Bins reference = new ShiftAttribution.Bins(new long[] {50, 50}, new double[] {10, 10});
        ShiftAttribution.Bins window = new ShiftAttribution.Bins(new long[] {50, 50}, new double[] {30, 30});
        ShiftAttribution.Attribution a = ShiftAttribution.of(reference, window, List.of(window));
        assertThat(a.share()).isCloseTo(0, within(1e-12));
        assertThat(a.psi()).isCloseTo(0, within(1e-12));
    }

    @Test
    void aBinTheReferenceNeverSawKeepsTheReferenceMean() {
        ShiftAttribution.Bins reference = new ShiftAttribution.Bins(new long[] {100, 0}, new double[] {50, 0});
        ShiftAttribution.Bins window = new ShiftAttribution.Bins(new long[] {50, 50}, new double[] {25, 75});
        assertThat(ShiftAttribution.of(reference, window, List.of()).reproduced())
                .isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theCorrelationFollowsTheWindowsShiftAndLoss() {
        ShiftAttribution.Bins reference = new ShiftAttribution.Bins(new long[] {90, 10}, new double[] {9, 10});
        List<ShiftAttribution.Bins> windows = List.of(
                new ShiftAttribution.Bins(new long[] {90, 10}, new double[] {9, 10}),
                new ShiftAttribution.Bins(new long[] {70, 30}, new double[] {7, 30}),
                new ShiftAttribution.Bins(new long[] {50, 50}, new double[] {5, 50}),
                new ShiftAttribution.Bins(new long[] {30, 70}, new double[] {3, 70}));
        ShiftAttribution.Attribution a = ShiftAttribution.of(reference, windows.get(3), windows);
        double[] psi = windows.stream()
                .mapToDouble(w -> Distances.psi(Distances.floored(reference.shares()), Distances.floored(w.shares())))
                .toArray();
        double[] change = windows.stream().mapToDouble(w -> w.meanLoss() - 0.19).toArray();
        // Pearson's r written out
        double mp = java.util.Arrays.stream(psi).average().orElseThrow();
        double mc = java.util.Arrays.stream(change).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < psi.length; i++) {
            sxy += (psi[i] - mp) * (change[i] - mc);
            sxx += (psi[i] - mp) * (psi[i] - mp);
            syy += (change[i] - mc) * (change[i] - mc);
        }
        assertThat(a.correlation()).isCloseTo(sxy / Math.sqrt(sxx * syy), within(1e-9));
        assertThat(a.correlation()).isGreaterThan(0.9);
        assertThat(a.windows()).isEqualTo(4);
    }

    @Test
    void periodsWithoutRowsAreRefused() {
        ShiftAttribution.Bins empty = new ShiftAttribution.Bins(new long[] {0}, new double[] {0});
        assertThatThrownBy(() -> ShiftAttribution.of(empty, empty, List.of())).hasMessageContaining("need rows");
    }
}
