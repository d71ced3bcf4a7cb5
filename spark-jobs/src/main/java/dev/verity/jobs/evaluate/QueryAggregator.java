package dev.verity.jobs.evaluate;

import dev.verity.metrics.QueryItems;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

/** Gathers the (score, relevance) items of one query and finishes with its ranking state. */
public final class QueryAggregator extends Aggregator<Tuple2<Double, Double>, QueryItems, byte[]> {
    private static final long serialVersionUID = 1L;
    private final int[] ks;
    private final double relevantAt;

    public QueryAggregator(int[] ks, double relevantAt) {
        this.ks = ks.clone();
        this.relevantAt = relevantAt;
    }

    @Override
    public QueryItems zero() {
        return new QueryItems();
    }

    @Override
    public QueryItems reduce(QueryItems items, Tuple2<Double, Double> row) {
        return items.add(row._1(), row._2());
    }

    @Override
    public QueryItems merge(QueryItems a, QueryItems b) {
        return a.merge(b);
    }

    @Override
    public byte[] finish(QueryItems items) {
        return items.toState(ks, relevantAt).toBytes();
    }

    @Override
    public Encoder<QueryItems> bufferEncoder() {
        return Encoders.javaSerialization(QueryItems.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
