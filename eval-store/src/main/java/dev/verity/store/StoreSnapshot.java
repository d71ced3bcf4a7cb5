package dev.verity.store;

import io.delta.kernel.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The store's tables that its readers (serve, report, advise, compare) use, each pinned at one
 * Delta version when the snapshot is taken, so everything read from it agrees; each table is
 * read by Delta Kernel once, when first asked for.
 */
public final class StoreSnapshot {
    /** The tables a snapshot holds ({@code ""}: the metrics table). */
    public static final List<String> TABLES = List.of(
            "",
            StoreTables.RUNS,
            StoreTables.DRIFT,
            StoreTables.FINDINGS,
            StoreTables.REPLAY,
            StoreTables.SLICES,
            StoreTables.EXPLANATIONS);

    private static final Map<String, StructType> SCHEMAS = Map.ofEntries(
            Map.entry("", StoreTables.METRICS),
            Map.entry(StoreTables.RUNS, StoreTables.RUN),
            Map.entry(StoreTables.DRIFT, StoreTables.DRIFT_RESULT),
            Map.entry(StoreTables.FINDINGS, StoreTables.FINDING),
            Map.entry(StoreTables.REPLAY, StoreTables.REPLAY_RESULT),
            Map.entry(StoreTables.SLICES, StoreTables.SLICE_RESULT),
            Map.entry(StoreTables.EXPLANATIONS, StoreTables.EXPLANATION));

    private final StoreReader reader;
    /** Each table's pinned snapshot; null for a table that does not exist (then). */
    private final Map<String, Snapshot> tables = new LinkedHashMap<>();

    private final Map<String, List<Row>> rows = new HashMap<>();
    /** The time asked for; null: the latest. */
    private final Instant asOf;

    StoreSnapshot(StoreReader reader, Instant asOf) {
        this.reader = reader;
        this.asOf = asOf;
        TABLES.forEach(t -> tables.put(t, reader.snapshot(t, asOf)));
    }

    public String root() {
        return reader.root();
    }

    /**
     * Which state of the store this is, for a person reading what was printed from it: the root,
     * the metrics table's version and when it was committed, and the time asked for, if any.
     */
    public String describe() {
        Snapshot metrics = tables.get("");
        return root() + " at "
                + (metrics == null
                        ? "no metrics version"
                        : "metrics version " + metrics.getVersion() + " (committed "
                                + Instant.ofEpochMilli(metrics.getTimestamp(reader.engine())) + ")")
                + (asOf == null ? ", the latest" : ", as of " + asOf);
    }

    /** The pinned Delta version of each table; empty for a table that does not exist. */
    public Map<String, OptionalLong> versions() {
        Map<String, OptionalLong> versions = new LinkedHashMap<>();
        tables.forEach((t, s) -> versions.put(t, s == null ? OptionalLong.empty() : OptionalLong.of(s.getVersion())));
        return versions;
    }

    public List<Row> metrics() {
        return rows("");
    }

    /** The runs; a store from before the {@code job} column has it null (its runs are evaluate's). */
    public List<Row> runs() {
        return rows(StoreTables.RUNS);
    }

    public List<Row> drift() {
        return rows(StoreTables.DRIFT);
    }

    public List<Row> findings() {
        return rows(StoreTables.FINDINGS);
    }

    public List<Row> replay() {
        return rows(StoreTables.REPLAY);
    }

    /**
     * The slices found by each model's latest slices run, as the run ordered them (per version
     * and window, worst first).
     */
    public List<SliceRecord> latestSlices() {
        List<SliceRecord> out = new ArrayList<>();
        for (Row r : latestPerKey(rows(StoreTables.SLICES), x -> x.getAs(StoreTables.MODEL))) {
            out.add(SliceRecord.of(r));
        }
        out.sort(Comparator.comparing(SliceRecord::model)
                .thenComparing(SliceRecord::modelVersion)
                .thenComparing(SliceRecord::windowStart)
                .thenComparing(Comparator.comparingDouble(SliceRecord::score).reversed()));
        return out;
    }

    /**
     * The explanations of each model and slice's latest explain run, as the run ranked them
     * (the largest share first).
     */
    public List<ExplanationRecord> latestExplanations() {
        return latestPerKey(
                        rows(StoreTables.EXPLANATIONS),
                        x -> java.util.Arrays.asList(x.getAs(StoreTables.MODEL), x.getAs("slice")))
                .stream()
                .map(ExplanationRecord::of)
                .sorted(Comparator.comparing(ExplanationRecord::model)
                        .thenComparing(ExplanationRecord::slice)
                        .thenComparing(
                                ExplanationRecord::share, Comparator.nullsLast(Comparator.<Double>reverseOrder())))
                .toList();
    }

    /**
     * The comparisons of the latest replay of each (model, baseline, candidate), ordered by
     * model, baseline, slice (all first) and metric.
     */
    public List<ReplayComparison> latestReplay() {
        List<ReplayComparison> out = new ArrayList<>();
        for (Row r : latestPerKey(
                replay(), x -> java.util.Arrays.asList(x.getAs("model"), x.getAs("baseline"), x.getAs("candidate")))) {
            out.add(ReplayComparison.of(r, r.getAs("model"), r.getAs("baseline"), r.getAs("candidate")));
        }
        out.sort(Comparator.comparing(ReplayComparison::model)
                .thenComparing(ReplayComparison::baseline)
                .thenComparing(r -> !r.slice().equals(ReplayComparison.ALL))
                .thenComparing(ReplayComparison::slice)
                .thenComparing(ReplayComparison::metric));
        return out;
    }

    /** The rows of the latest run of each key: those computed at the latest {@code computed_at} of their key. */
    private static List<Row> latestPerKey(List<Row> rows, java.util.function.Function<Row, Object> key) {
        Map<Object, java.sql.Timestamp> latest = new HashMap<>();
        rows.forEach(r -> latest.merge(key.apply(r), r.getAs("computed_at"), (a, b) -> a.after(b) ? a : b));
        return rows.stream()
                .filter(r -> r.getAs("computed_at").equals(latest.get(key.apply(r))))
                .toList();
    }

    /** A table's rows, read on first use (readers may ask from several threads). */
    private synchronized List<Row> rows(String table) {
        return rows.computeIfAbsent(table, t -> {
            Snapshot snapshot = tables.get(t);
            if (snapshot == null) {
                return List.of();
            }
            try {
                return List.copyOf(KernelRows.read(reader.engine(), snapshot, SCHEMAS.get(t)));
            } catch (RuntimeException e) { // Kernel's own, or a data file that cannot be read
                throw reader.unreadable(t, e);
            }
        });
    }
}
