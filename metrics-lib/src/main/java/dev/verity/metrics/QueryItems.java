package dev.verity.metrics;

import dev.verity.metrics.internal.Bytes;
import dev.verity.metrics.internal.DoubleList;
import dev.verity.metrics.internal.StateFamily;
import java.io.Serializable;

/** The scored items of one ranking query, gathered before its NDCG is computed. */
public final class QueryItems implements Serializable {
    private static final long serialVersionUID = 1L;
    /** 2: with the family byte; 1, from before it, still reads. */
    private static final byte FORMAT = 2;

    private transient DoubleList scores = new DoubleList(8);
    private transient DoubleList relevance = new DoubleList(8);

    public QueryItems add(double score, double rel) {
        scores.add(score);
        relevance.add(rel);
        return this;
    }

    public QueryItems merge(QueryItems other) {
        scores.addAll(other.scores);
        relevance.addAll(other.relevance);
        return this;
    }

    public int size() {
        return scores.size();
    }

    /** This query as a ranking state holding one query. */
    public RankingState toState(int[] ks, double relevantAt) {
        return new RankingState(ks, relevantAt).addQuery(scores.toArray(), relevance.toArray());
    }

    public byte[] toBytes() {
        return Bytes.write(StateFamily.QUERY_ITEMS, FORMAT, out -> {
            Bytes.writeDoubles(out, scores);
            Bytes.writeDoubles(out, relevance);
        });
    }

    public static QueryItems fromBytes(byte[] bytes) {
        return Bytes.read(bytes, StateFamily.QUERY_ITEMS, FORMAT, "QueryItems", in -> {
            QueryItems items = new QueryItems();
            items.scores = Bytes.readDoubles(in);
            items.relevance = Bytes.readDoubles(in);
            return items;
        });
    }

    private Object writeReplace() {
        return new SerializedState(StateFamily.QUERY_ITEMS, toBytes());
    }
}
