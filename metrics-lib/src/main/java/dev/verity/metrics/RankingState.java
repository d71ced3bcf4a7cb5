package dev.verity.metrics;

import dev.verity.metrics.internal.Bytes;
import dev.verity.metrics.internal.StateFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mergeable state of a ranking model's metrics for several K: per K the sum of the queries'
 * NDCG and their count, plus the queries left out because no item was relevant (ideal DCG 0);
 * and per K the sums of the binary-relevance family of {@link TopK} (relevant: relevance at
 * least {@code relevantAt}) over the queries with a relevant item, and how many had none.
 * Queries are added whole; the Spark job groups rows by query first.
 */
public final class RankingState implements MetricState<RankingState> {
    private static final long serialVersionUID = 1L;

    /** 3: with the family byte; 2, from before it, still reads. */
    private static final byte FORMAT = 3;

    public static final String EXCLUDED_QUERIES = "queries_without_relevant";
    /** Queries left out of the {@link TopK} means: none of their items reaches {@code relevantAt}. */
    public static final String EXCLUDED_AT_QUERIES = "queries_without_relevant_at";
    /** By default any relevance above 0 is relevant: the least positive double. */
    public static final double DEFAULT_RELEVANT_AT = Double.MIN_VALUE;
    /** The family of {@link #metricName(int)}: {@code ndcg@K} for each K. */
    public static final String NDCG_AT_K = "ndcg@K";

    private final int[] ks;
    private final double relevantAt;
    private final double[] sums;
    private final double[][] topKSums;
    private long counted;
    private long excluded;
    private long topKCounted;
    private long topKExcluded;

    public RankingState(int... ks) {
        this(ks, DEFAULT_RELEVANT_AT);
    }

    /** @param relevantAt the least relevance an item is relevant with, for the {@link TopK} family (> 0) */
    public RankingState(int[] ks, double relevantAt) {
        if (!(relevantAt > 0) || Double.isInfinite(relevantAt)) {
            throw new IllegalArgumentException("the relevance an item is relevant at must be > 0, got " + relevantAt);
        }
        if (ks.length == 0) {
            throw new IllegalArgumentException("at least one K is needed");
        }
        for (int k : ks) {
            if (k < 1) {
                throw new IllegalArgumentException("K must be >= 1, got " + k);
            }
        }
        this.ks = ks.clone();
        this.relevantAt = relevantAt;
        this.sums = new double[ks.length];
        this.topKSums = new double[TopK.FAMILIES.length][ks.length];
    }

    public static String metricName(int k) {
        return NDCG_AT_K.replace("K", Integer.toString(k));
    }

    /** Adds one query's items. */
    public RankingState addQuery(double[] scores, double[] relevance) {
        double[] ndcg = Ndcg.ofQuery(scores, relevance, ks); // checks the items
        if (ndcg == null) {
            excluded++;
        } else {
            for (int i = 0; i < ks.length; i++) {
                sums[i] += ndcg[i];
            }
            counted++;
        }
        double[][] topK = TopK.ofQuery(scores, relevance, ks, relevantAt);
        if (topK == null) {
            topKExcluded++;
        } else {
            add(topKSums, topK);
            topKCounted++;
        }
        return this;
    }

    private static void add(double[][] into, double[][] values) {
        for (int f = 0; f < into.length; f++) {
            for (int i = 0; i < into[f].length; i++) {
                into[f][i] += values[f][i];
            }
        }
    }

    @Override
    public RankingState merge(RankingState other) {
        if (other == this) {
            throw new IllegalArgumentException("a state cannot merge with itself");
        }
        if (!Arrays.equals(ks, other.ks) || relevantAt != other.relevantAt) {
            throw new IllegalArgumentException("cannot merge ranking states for K " + Arrays.toString(ks)
                    + " relevant at " + relevantAt + " and " + Arrays.toString(other.ks) + " at " + other.relevantAt);
        }
        for (int i = 0; i < ks.length; i++) {
            sums[i] += other.sums[i];
        }
        add(topKSums, other.topKSums);
        counted += other.counted;
        excluded += other.excluded;
        topKCounted += other.topKCounted;
        topKExcluded += other.topKExcluded;
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
        List<MetricValue> out = new ArrayList<>((TopK.FAMILIES.length + 1) * ks.length + 2);
        for (int i = 0; i < ks.length; i++) {
            out.add(
                    counted == 0
                            ? MetricValue.undefined(
                                    metricName(ks[i]), "no query with a relevant item (" + excluded + " left out)")
                            : MetricValue.of(metricName(ks[i]), sums[i] / counted));
        }
        for (int f = 0; f < TopK.FAMILIES.length; f++) {
            for (int i = 0; i < ks.length; i++) {
                String name = TopK.metricName(TopK.FAMILIES[f], ks[i]);
                out.add(
                        topKCounted == 0
                                ? MetricValue.undefined(
                                        name, "no query with a relevant item (" + topKExcluded + " left out)")
                                : MetricValue.of(name, topKSums[f][i] / topKCounted));
            }
        }
        out.add(MetricValue.of(EXCLUDED_QUERIES, excluded));
        out.add(MetricValue.of(EXCLUDED_AT_QUERIES, topKExcluded));
        return out;
    }

    @Override
    public byte[] toBytes() {
        return Bytes.write(StateFamily.RANKING, FORMAT, out -> {
            out.writeInt(ks.length);
            for (int i = 0; i < ks.length; i++) {
                out.writeInt(ks[i]);
                out.writeDouble(sums[i]);
            }
            out.writeLong(counted);
            out.writeLong(excluded);
            out.writeDouble(relevantAt);
            for (double[] family : topKSums) {
                for (double sum : family) {
                    out.writeDouble(sum);
                }
            }
            out.writeLong(topKCounted);
            out.writeLong(topKExcluded);
        });
    }

    public static RankingState fromBytes(byte[] bytes) {
        return Bytes.read(bytes, StateFamily.RANKING, FORMAT, "RankingState", in -> {
            int size = in.readInt();
            int[] ks = new int[size];
            double[] sums = new double[size];
            for (int i = 0; i < size; i++) {
                ks[i] = in.readInt();
                sums[i] = in.readDouble();
            }
            long counted = in.readLong();
            long excluded = in.readLong();
            RankingState state = new RankingState(ks, in.readDouble());
            System.arraycopy(sums, 0, state.sums, 0, size);
            state.counted = counted;
            state.excluded = excluded;
            for (double[] family : state.topKSums) {
                for (int i = 0; i < size; i++) {
                    family[i] = in.readDouble();
                }
            }
            state.topKCounted = in.readLong();
            state.topKExcluded = in.readLong();
            return state;
        });
    }

    private Object writeReplace() {
        return new SerializedState(StateFamily.RANKING, toBytes());
    }
}
