package dev.verity.jobs.evaluate;

import dev.verity.metrics.ComputedMetrics;
import dev.verity.metrics.RankingState;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/** Merges the per-query ranking states of a slice and finishes with its ranking metrics. */
public final class RankingMergeAggregator extends Aggregator<byte[], RankingState, byte[]> {
    private static final long serialVersionUID = 1L;
    private final int[] ks;
    private final double relevantAt;

    public RankingMergeAggregator(int[] ks, double relevantAt) {
        this.ks = ks.clone();
        this.relevantAt = relevantAt;
    }

    @Override
    public RankingState zero() {
        return new RankingState(ks, relevantAt);
    }

    @Override
    public RankingState reduce(RankingState state, byte[] query) {
        return state.merge(RankingState.fromBytes(query));
    }

    @Override
    public RankingState merge(RankingState a, RankingState b) {
        return a.merge(b);
    }

    @Override
    public byte[] finish(RankingState state) {
        return ComputedMetrics.of(state).toBytes();
    }

    @Override
    public Encoder<RankingState> bufferEncoder() {
        return Encoders.javaSerialization(RankingState.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
