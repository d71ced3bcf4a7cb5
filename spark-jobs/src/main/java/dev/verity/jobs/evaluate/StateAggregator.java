package dev.verity.jobs.evaluate;

import dev.verity.metrics.ComputedMetrics;
import dev.verity.metrics.MetricState;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

/**
 * A Spark aggregator over (score, label) rows whose buffer is a metric state from metrics-lib;
 * it finishes with the computed metrics. The buffer crosses the shuffle in its versioned form.
 */
public final class StateAggregator<S extends MetricState<S>> extends Aggregator<Tuple2<Double, Double>, S, byte[]> {
    private static final long serialVersionUID = 1L;

    public interface Factory<S> extends Serializable {
        S create();
    }

    public interface Adder<S> extends Serializable {
        void add(S state, double score, double label);
    }

    private final Class<S> type;
    private final Factory<S> factory;
    private final Adder<S> adder;

    public StateAggregator(Class<S> type, Factory<S> factory, Adder<S> adder) {
        this.type = type;
        this.factory = factory;
        this.adder = adder;
    }

    public static Encoder<Tuple2<Double, Double>> inputEncoder() {
        return Encoders.tuple(Encoders.DOUBLE(), Encoders.DOUBLE());
    }

    @Override
    public S zero() {
        return factory.create();
    }

    @Override
    public S reduce(S state, Tuple2<Double, Double> row) {
        adder.add(state, row._1(), row._2());
        return state;
    }

    @Override
    public S merge(S a, S b) {
        return a.merge(b);
    }

    @Override
    public byte[] finish(S state) {
        return ComputedMetrics.of(state).toBytes();
    }

    @Override
    public Encoder<S> bufferEncoder() {
        return Encoders.javaSerialization(type);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
