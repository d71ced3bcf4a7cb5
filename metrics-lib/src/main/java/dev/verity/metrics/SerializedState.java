package dev.verity.metrics;

import java.io.Serializable;

/**
 * The Java-serialization proxy of every state: engines that move states with Java serialization
 * (Spark's aggregation buffers) get the same versioned bytes as {@code toBytes}.
 */
final class SerializedState implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind {
        BINARY,
        RANKING,
        REGRESSION,
        QUERY_ITEMS,
        BINARY_COUNTS
    }

    private final Kind kind;
    private final byte[] bytes;

    SerializedState(Kind kind, byte[] bytes) {
        this.kind = kind;
        this.bytes = bytes;
    }

    private Object readResolve() {
        return switch (kind) {
            case BINARY -> BinaryState.fromBytes(bytes);
            case RANKING -> RankingState.fromBytes(bytes);
            case REGRESSION -> RegressionState.fromBytes(bytes);
            case QUERY_ITEMS -> QueryItems.fromBytes(bytes);
            case BINARY_COUNTS -> BinaryCounts.fromBytes(bytes);
        };
    }
}
