package dev.verity.jobs.evaluate;

import dev.verity.metrics.ComputedMetrics;
import dev.verity.metrics.MetricState;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

import java.io.Serializable;

/**
 * A Spark aggregator over (score, label) rows whose buffer is a metric state from metrics-lib;
 * it finishes with the computed metrics. The buffer crosses the shuffle in its versioned form.
 * A state that would cover more than {@code maxRows} rows is dropped and the aggregation
 * finishes with null, so a group too large for one task costs no memory here and its caller
 * computes it another way.
 */
public final class StateAggregator<S extends MetricState<S>>
        extends Aggregator<Tuple2<Double, Double>, StateAggregator.Buffer<S>, byte[]> {

    public interface Factory<S> extends Serializable {
        S create();
    }

    public interface Adder<S> extends Serializable {
        void add(S state, double score, double label);
    }

    /** The state, or null once the group outgrew the limit. */
    public static final class Buffer<S> implements Serializable {
        private S state;

        Buffer(S state) {
            this.state = state;
        }
    }

    private final Factory<S> factory;
    private final Adder<S> adder;
    private final long maxRows;

    public StateAggregator(Factory<S> factory, Adder<S> adder, long maxRows) {
        this.factory = factory;
        this.adder = adder;
        this.maxRows = maxRows;
    }

    public StateAggregator(Factory<S> factory, Adder<S> adder) {
        this(factory, adder, Long.MAX_VALUE);
    }

    public static Encoder<Tuple2<Double, Double>> inputEncoder() {
        return Encoders.tuple(Encoders.DOUBLE(), Encoders.DOUBLE());
    }

    @Override
    public Buffer<S> zero() {
        return new Buffer<>(factory.create());
    }

    @Override
    public Buffer<S> reduce(Buffer<S> buffer, Tuple2<Double, Double> row) {
        if (buffer.state != null) {
            adder.add(buffer.state, row._1(), row._2());
            if (buffer.state.count() > maxRows) {
                buffer.state = null;
            }
        }
        return buffer;
    }

    @Override
    public Buffer<S> merge(Buffer<S> a, Buffer<S> b) {
        if (a.state == null || b.state == null || a.state.count() + b.state.count() > maxRows) {
            a.state = null;
        } else {
            a.state.merge(b.state);
        }
        return a;
    }

    @Override
    public byte[] finish(Buffer<S> buffer) {
        return buffer.state == null ? null : ComputedMetrics.of(buffer.state).toBytes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Encoder<Buffer<S>> bufferEncoder() {
        return Encoders.javaSerialization((Class<Buffer<S>>) (Class<?>) Buffer.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
