package dev.verity.drift.profile;

import dev.verity.drift.FeatureKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedViewIterator;

/**
 * What one column of one window held, in a few kilobytes however many rows: its rows and nulls
 * exactly, its distinct values (HLL), its quantiles (KLL, numeric columns) and its most frequent
 * values (categorical columns), from Apache DataSketches. Profiles of the same column merge into
 * the profile of their union, so a quarter's comes from its days' without reading a row again.
 * What the sketches give is approximate and says by how much.
 */
public final class ColumnProfile {
    /** KLL's accuracy parameter: a quantile's rank is within about 1.3% (99% confidence). */
    public static final int QUANTILE_K = 200;

    /** HLL's log2 of its buckets: a distinct count within about 1.6% (one standard error). */
    public static final int DISTINCT_LG_K = 12;

    /** The frequent-items sketch's largest map: values above about 1/48 of the rows are kept. */
    public static final int FREQUENT_MAP = 64;

    /** Where a profile that could not keep every category counts the rest: no category's own name. */
    public static final String OTHER_VALUES = "(other values)";

    /** The first byte of the binary form. */
    private static final byte FORMAT = 1;

    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private final FeatureKind kind;
    private long rows;
    private long nulls;
    private HllSketch distinct;
    private final KllDoublesSketch quantiles;
    private final ItemsSketch<String> frequent;

    private ColumnProfile(
            FeatureKind kind,
            long rows,
            long nulls,
            HllSketch distinct,
            KllDoublesSketch quantiles,
            ItemsSketch<String> frequent) {
        this.kind = kind;
        this.rows = rows;
        this.nulls = nulls;
        this.distinct = distinct;
        this.quantiles = quantiles;
        this.frequent = frequent;
    }

    /** An empty profile of a numeric or a categorical column. */
    public static ColumnProfile of(FeatureKind kind) {
        if (kind == FeatureKind.MULTIVARIATE) {
            throw new IllegalArgumentException("a profile is of one column: numeric or categorical");
        }
        boolean numeric = kind == FeatureKind.NUMERIC;
        return new ColumnProfile(
                kind,
                0,
                0,
                new HllSketch(DISTINCT_LG_K),
                numeric ? KllDoublesSketch.newHeapInstance(QUANTILE_K) : null,
                numeric ? null : new ItemsSketch<>(FREQUENT_MAP));
    }

    public FeatureKind kind() {
        return kind;
    }

    /** Adds a numeric column's value; null, NaN and the infinities count as missing. */
    public ColumnProfile addNumber(Double value) {
        requireKind(FeatureKind.NUMERIC);
        rows++;
        if (value == null || !Double.isFinite(value)) {
            nulls++;
        } else {
            distinct.update(value);
            quantiles.update(value);
        }
        return this;
    }

    /** Adds a categorical column's value; null counts as missing. */
    public ColumnProfile addCategory(String value) {
        requireKind(FeatureKind.CATEGORICAL);
        rows++;
        if (value == null) {
            nulls++;
        } else {
            distinct.update(value);
            frequent.update(value);
        }
        return this;
    }

    /** This profile with {@code other}'s rows added: the profile of both windows' rows. */
    public ColumnProfile merge(ColumnProfile other) {
        requireKind(other.kind);
        rows += other.rows;
        nulls += other.nulls;
        Union union = new Union(DISTINCT_LG_K);
        union.update(distinct);
        union.update(other.distinct);
        distinct = union.getResult(TgtHllType.HLL_4);
        if (quantiles != null) {
            quantiles.merge(other.quantiles);
        } else {
            frequent.merge(other.frequent);
        }
        return this;
    }

    public long rows() {
        return rows;
    }

    public long nulls() {
        return nulls;
    }

    /** The share of rows without a value (NaN for a profile of no rows): exact. */
    public double nullRate() {
        return rows == 0 ? Double.NaN : (double) nulls / rows;
    }

    /** An estimate with bounds that hold with about 95% confidence. */
    public record Estimate(double value, double low, double high) {}

    /** The distinct values (HLL), within two standard errors. */
    public Estimate distinct() {
        return new Estimate(distinct.getEstimate(), distinct.getLowerBound(2), distinct.getUpperBound(2));
    }

    /**
     * The value at {@code rank} (0 to 1) of a numeric column's values, and the rank error that
     * holds with 99% confidence: the true rank of the value returned is within {@code rankError} of
     * {@code rank}.
     */
    public record Quantile(double rank, double value, double rankError) {}

    public Quantile quantile(double rank) {
        requireKind(FeatureKind.NUMERIC);
        if (quantiles.isEmpty()) {
            return new Quantile(rank, Double.NaN, 0);
        }
        return new Quantile(rank, quantiles.getQuantile(rank), quantiles.getNormalizedRankError(false));
    }

    /** A value seen at least {@code low} and at most {@code high} times, {@code estimate} its best guess. */
    public record Frequent(String value, long estimate, long low, long high) {}

    /** A categorical column's values that may be frequent (no false negatives), most first. */
    public List<Frequent> frequentValues() {
        requireKind(FeatureKind.CATEGORICAL);
        return Arrays.stream(frequent.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES))
                .map(r -> new Frequent(r.getItem(), r.getEstimate(), r.getLowerBound(), r.getUpperBound()))
                .toList();
    }

    /**
     * A numeric column's values as the quantile sketch keeps them: each retained value and the
     * rows it stands for, summing to the rows with a value. Every row while the sketch has not had
     * to compact; after that a value's cumulative share is within {@link #shareError()} of the
     * true one.
     */
    public Map<Double, Long> weightedValues() {
        requireKind(FeatureKind.NUMERIC);
        Map<Double, Long> values = new TreeMap<>();
        if (quantiles.isEmpty()) {
            return values;
        }
        DoublesSortedViewIterator it = quantiles.getSortedView().iterator();
        while (it.next()) {
            values.merge(it.getQuantile(), it.getWeight(), Long::sum);
        }
        return values;
    }

    /**
     * A categorical column's values and their counts: every value exactly while the frequent-items
     * sketch has kept them all; after that each value it tracks with the rows it surely saw (its lower
     * bound) and {@link #OTHER_VALUES} with the rest, so the counts still sum to the rows with a
     * value and each share is within {@link #shareError()}.
     */
    public Map<String, Long> categoryCounts() {
        requireKind(FeatureKind.CATEGORICAL);
        Map<String, Long> counts = new TreeMap<>();
        long counted = 0;
        for (ItemsSketch.Row<String> row : frequent.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            counts.put(row.getItem(), row.getLowerBound());
            counted += row.getLowerBound();
        }
        long rest = rows - nulls - counted;
        if (rest > 0) {
            counts.put(OTHER_VALUES, rest);
        }
        return counts;
    }

    /** Whether {@link #weightedValues()} or {@link #categoryCounts()} are the exact counts of the column's values. */
    public boolean exact() {
        return quantiles != null ? !quantiles.isEstimationMode() : frequent.getMaximumError() == 0;
    }

    /**
     * How far a share of the rows with a value may be off in {@link #weightedValues()} (a cumulative
     * share: KLL's rank error, 99% confidence) or {@link #categoryCounts()} (a category's share: the
     * frequent-items sketch's largest error, always); 0 when {@link #exact()}.
     */
    public double shareError() {
        if (exact()) {
            return 0;
        }
        return quantiles != null
                ? quantiles.getNormalizedRankError(false)
                : (double) frequent.getMaximumError() / (rows - nulls);
    }

    /** The binary form the store keeps: a format byte, the kind, the counts, then each sketch's own bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(kind.id());
            out.writeLong(rows);
            out.writeLong(nulls);
            writeBlock(out, distinct.toCompactByteArray());
            writeBlock(out, quantiles != null ? quantiles.toByteArray() : frequent.toByteArray(STRINGS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ColumnProfile fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("not a column profile of format " + FORMAT + ": " + format);
            }
            FeatureKind kind = FeatureKind.ofId(in.readUTF());
            long rows = in.readLong();
            long nulls = in.readLong();
            HllSketch distinct = HllSketch.heapify(readBlock(in));
            Memory sketch = Memory.wrap(readBlock(in));
            return kind == FeatureKind.NUMERIC
                    ? new ColumnProfile(kind, rows, nulls, distinct, KllDoublesSketch.heapify(sketch), null)
                    : new ColumnProfile(kind, rows, nulls, distinct, null, ItemsSketch.getInstance(sketch, STRINGS));
        } catch (IOException e) {
            throw new IllegalArgumentException("a column profile's bytes are cut short", e);
        }
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        byte[] block = new byte[in.readInt()];
        in.readFully(block);
        return block;
    }

    private void requireKind(FeatureKind wanted) {
        if (kind != wanted) {
            throw new IllegalArgumentException(
                    "a " + kind.id() + " column's profile has no " + wanted.id() + " values");
        }
    }
}
