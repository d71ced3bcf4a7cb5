package dev.verity.metrics;

import dev.verity.metrics.internal.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mergeable state of a ranking model's NDCG@K for several K: per K the sum of the queries'
 * NDCG and their count, plus the queries left out because no item was relevant (ideal DCG 0).
 * Queries are added whole; the Spark job groups rows by query first.
 */
public final class RankingState implements MetricState<RankingState> {
    private static final long serialVersionUID = 1L;

    private static final byte FORMAT = 1;
    public static final String EXCLUDED_QUERIES = "queries_without_relevant";
    /** The family of {@link #metricName(int)}: {@code ndcg@K} for each K. */
    public static final String NDCG_AT_K = "ndcg@K";

    private final int[] ks;
    private final double[] sums;
    private long counted;
    private long excluded;

    public RankingState(int... ks) {
        if (ks.length == 0) {
            throw new IllegalArgumentException("at least one K is needed");
        }
        for (int k : ks) {
            if (k < 1) {
                throw new IllegalArgumentException("K must be >= 1, got " + k);
            }
        }
        this.ks = ks.clone();
        this.sums = new double[ks.length];
    }

    public static String metricName(int k) {
        return NDCG_AT_K.replace("K", Integer.toString(k));
    }

    /** Adds one query's items. */
    public RankingState addQuery(double[] scores, double[] relevance) {
        double[] ndcg = Ndcg.ofQuery(scores, relevance, ks);
        if (ndcg == null) {
            excluded++;
            return this;
        }
        for (int i = 0; i < ks.length; i++) {
            sums[i] += ndcg[i];
        }
        counted++;
        return this;
    }

    @Override
    public RankingState merge(RankingState other) {
        if (other == this) {
            throw new IllegalArgumentException("a state cannot merge with itself");
        }
        if (!Arrays.equals(ks, other.ks)) {
            throw new IllegalArgumentException(
                    "cannot merge NDCG states for K " + Arrays.toString(ks) + " and " + Arrays.toString(other.ks));
        }
        for (int i = 0; i < ks.length; i++) {
            sums[i] += other.sums[i];
        }
        counted += other.counted;
        excluded += other.excluded;
        return this;
    }

    /** The queries counted in the mean. */
    @Override
    public long count() {
        return counted;
    }

    public long excluded() {
        return excluded;
    }

    @Override
    public List<MetricValue> compute() {
        List<MetricValue> out = new ArrayList<>(ks.length + 1);
        for (int i = 0; i < ks.length; i++) {
            out.add(
                    counted == 0
                            ? MetricValue.undefined(
                                    metricName(ks[i]), "no query with a relevant item (" + excluded + " left out)")
                            : MetricValue.of(metricName(ks[i]), sums[i] / counted));
        }
        out.add(MetricValue.of(EXCLUDED_QUERIES, excluded));
        return out;
    }

    @Override
    public byte[] toBytes() {
        return Bytes.write(FORMAT, out -> {
            out.writeInt(ks.length);
            for (int i = 0; i < ks.length; i++) {
                out.writeInt(ks[i]);
                out.writeDouble(sums[i]);
            }
            out.writeLong(counted);
            out.writeLong(excluded);
        });
    }

    public static RankingState fromBytes(byte[] bytes) {
        return Bytes.read(bytes, FORMAT, "RankingState", in -> {
            int size = in.readInt();
            int[] ks = new int[size];
            double[] sums = new double[size];
            for (int i = 0; i < size; i++) {
                ks[i] = in.readInt();
                sums[i] = in.readDouble();
            }
            RankingState state = new RankingState(ks);
            System.arraycopy(sums, 0, state.sums, 0, size);
            state.counted = in.readLong();
            state.excluded = in.readLong();
            return state;
        });
    }

    private Object writeReplace() {
        return new SerializedState(SerializedState.Kind.RANKING, toBytes());
    }
}
