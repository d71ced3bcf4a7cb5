package dev.verity.store.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void ticksAreRoundStepsCoveringTheRangeWithTheirDecimals() {
        Ticks auc = Ticks.covering(0.6213, 0.7168, 5);
        assertThat(auc.step()).isCloseTo(0.02, within(1e-12));
        assertThat(auc.first()).isCloseTo(0.62, within(1e-12));
        assertThat(auc.last()).isCloseTo(0.72, within(1e-12));
        assertThat(auc.values().stream().map(auc::label))
                .containsExactly("0.62", "0.64", "0.66", "0.68", "0.70", "0.72");

        Ticks delta = Ticks.covering(-0.0975, 0.0975, 4);
        assertThat(delta.step()).isCloseTo(0.05, within(1e-12));
        assertThat(delta.values().stream().map(delta::label)).containsExactly("-0.10", "-0.05", "0.00", "0.05", "0.10");

        Ticks counts = Ticks.covering(0, 7300, 4);
        assertThat(counts.values().stream().map(counts::label)).containsExactly("0", "2000", "4000", "6000", "8000");

        Ticks flat = Ticks.covering(0.5, 0.5, 4);
        assertThat(flat.first()).isLessThanOrEqualTo(0.5);
        assertThat(flat.last()).isGreaterThan(0.5);
    }
}
