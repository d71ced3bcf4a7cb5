package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: a state's binary form changes only on purpose, with a new format number; the form
 * from before the family byte still reads.
 */
class StateBytesTest {

    @Test
    void binaryStateFormatThreeIsPinnedAndTwoStillReads() {
        BinaryState state = new BinaryState(0.5).add(0.25, 1).add(0.75, 0);
        String fields = "3fe0000000000000" + "0000000a" + "0000000000000000" + "00000001" + "3fd0000000000000"
                + "00000001" + "3fe8000000000000";
        String golden = "02" + fields;
        assertThat(HexFormat.of().formatHex(state.toBytes())).isEqualTo("03" + "01" + fields);
        assertThat(BinaryState.fromBytes(HexFormat.of().parseHex(golden)).compute())
                .isEqualTo(state.compute());
        assertThat(BinaryState.fromBytes(state.toBytes()).compute()).isEqualTo(state.compute());
    }

    @Test
    void rankingStateFormatThreeIsPinnedAndTwoStillReads() {
        RankingState state = new RankingState(3).addQuery(new double[] {0.5, 0.2}, new double[] {1, 0});
        String fields = "00000001" + "00000003" + "3ff0000000000000" + "0000000000000001" + "0000000000000000"
                // relevant at the least positive double; mrr, map, precision, recall, hit rate at 3; counts
                + "0000000000000001" + "3ff0000000000000" + "3ff0000000000000" + "3fd5555555555555"
                + "3ff0000000000000" + "3ff0000000000000" + "0000000000000001" + "0000000000000000";
        String golden = "02" + fields;
        assertThat(HexFormat.of().formatHex(state.toBytes())).isEqualTo("03" + "02" + fields);
        assertThat(RankingState.fromBytes(HexFormat.of().parseHex(golden)).compute())
                .isEqualTo(state.compute());
        assertThat(RankingState.fromBytes(state.toBytes()).compute()).isEqualTo(state.compute());
    }

    @Test
    void oneStatesBytesAreNeverReadAsAnothers() {
        byte[] ranking = new RankingState(3)
                .addQuery(new double[] {0.5, 0.2}, new double[] {1, 0})
                .toBytes();
        assertThatThrownBy(() -> BinaryState.fromBytes(ranking))
                .hasMessageContaining("these are the bytes of a ranking state, not of a binary state");
        byte[] unknown = new BinaryState(0.5).add(0.25, 1).toBytes();
        unknown[1] = 42;
        assertThatThrownBy(() -> BinaryState.fromBytes(unknown)).hasMessageContaining("unknown state (family 42)");
    }

    @Test
    void javaSerializationGoesThroughTheVersionedForm() throws Exception {
        BinaryState state = new BinaryState(0.3).add(0.2, 1).add(0.9, 0).add(0.4, 1);
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(buffer)) {
            out.writeObject(state);
            out.writeObject(new QueryItems().add(0.5, 2).add(0.1, 0));
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(buffer.toByteArray()))) {
            assertThat(((BinaryState) in.readObject()).compute()).isEqualTo(state.compute());
            assertThat(((QueryItems) in.readObject())
                            .toState(new int[] {1}, RankingState.DEFAULT_RELEVANT_AT)
                            .compute()
                            .get(0))
                    .isEqualTo(MetricValue.of("ndcg@1", 1.0));
        }
    }

    @Test
    void computedMetricsRoundTrip() {
        ComputedMetrics metrics = new ComputedMetrics(
                7,
                java.util.List.of(MetricValue.of("auc", 0.75), MetricValue.undefined("pr_auc", "no positive labels")));
        assertThat(ComputedMetrics.fromBytes(metrics.toBytes())).isEqualTo(metrics);
    }

    @Test
    void unknownVersionIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> RegressionState.fromBytes(new byte[] {9, 0}))
                .hasMessageContaining("unknown format version 9");
        assertThatThrownBy(() -> RegressionState.fromBytes(new byte[] {1, 0})).hasMessageContaining("truncated");
    }
}
