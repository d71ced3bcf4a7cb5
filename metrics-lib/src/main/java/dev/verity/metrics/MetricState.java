package dev.verity.metrics;

import java.io.Serializable;
import java.util.List;

/**
 * A mergeable summary of labelled rows from which a family of metrics is computed.
 * {@code merge} is associative and commutative and a new state is its identity, so states built
 * on any partition of the rows merge into the state of the union (the property tests check this).
 * Java serialization goes through the versioned {@code toBytes} form.
 */
public interface MetricState<S extends MetricState<S>> extends Serializable {

    /** Adds {@code other} into this state and returns this state. */
    S merge(S other);

    /** The rows (or, for ranking, the queries) the metrics are computed over. */
    long count();

    /** Every metric of the family, each defined or null with a reason. */
    List<MetricValue> compute();

    /** A versioned binary form; each state class has a matching {@code fromBytes}. */
    byte[] toBytes();
}
