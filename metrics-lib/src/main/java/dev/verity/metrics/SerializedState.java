package dev.verity.metrics;

import dev.verity.metrics.internal.StateFamily;
import java.io.Serializable;

/**
 * The Java-serialization proxy of every state: engines that move states with Java serialization
 * (Spark's aggregation buffers) get the same versioned bytes as {@code toBytes}.
 */
final class SerializedState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StateFamily family;
    private final byte[] bytes;

    SerializedState(StateFamily family, byte[] bytes) {
        this.family = family;
        this.bytes = bytes;
    }

    private Object readResolve() {
        return switch (family) {
            case BINARY -> BinaryState.fromBytes(bytes);
            case RANKING -> RankingState.fromBytes(bytes);
            case REGRESSION -> RegressionState.fromBytes(bytes);
            case QUERY_ITEMS -> QueryItems.fromBytes(bytes);
            case BINARY_COUNTS -> BinaryCounts.fromBytes(bytes);
            case COMPUTED_METRICS -> ComputedMetrics.fromBytes(bytes);
        };
    }
}
