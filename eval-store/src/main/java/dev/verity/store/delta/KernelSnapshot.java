package dev.verity.store.delta;

import dev.verity.store.Columns;
import dev.verity.store.DriftRecord;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.FindingRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.ProfileRecord;
import dev.verity.store.Recorded;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.SliceRecord;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.StoreTables;
import dev.verity.store.SwitchbackRecord;
import io.delta.kernel.Snapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The store's tables read by Delta Kernel, each pinned at its version when the snapshot is taken;
 * each table is read once, when first asked for, straight into its records.
 */
final class KernelSnapshot implements StoreSnapshot {
    private final StoreReader reader;
    /** Each table's pinned snapshot; null for a table that does not exist (then). */
    private final Map<String, Snapshot> tables = new LinkedHashMap<>();

    private final Map<String, List<?>> records = new HashMap<>();
    /** The time asked for; null: the latest. */
    private final Instant asOf;

    KernelSnapshot(StoreReader reader, Instant asOf) {
        this.reader = reader;
        this.asOf = asOf;
        StoreTables.READ.forEach(t -> tables.put(t, reader.snapshot(t, asOf)));
    }

    @Override
    public String root() {
        return reader.root();
    }

    @Override
    public String describe() {
        Snapshot metrics = tables.get(StoreTables.METRICS);
        return root() + " at "
                + (metrics == null
                        ? "no metrics version"
                        : "metrics version " + metrics.getVersion() + " (committed "
                                + Instant.ofEpochMilli(metrics.getTimestamp(reader.engine())) + ")")
                + (asOf == null ? ", the latest" : ", as of " + asOf);
    }

    @Override
    public Map<String, OptionalLong> versions() {
        Map<String, OptionalLong> versions = new LinkedHashMap<>();
        tables.forEach((t, s) -> versions.put(t, s == null ? OptionalLong.empty() : OptionalLong.of(s.getVersion())));
        return versions;
    }

    @Override
    public List<MetricRecord> metrics() {
        return read(StoreTables.METRICS, MetricRecord::of);
    }

    /** The runs; a store from before the {@code job} column has it null (its runs are evaluate's). */
    @Override
    public List<RunRecord> runs() {
        return read(StoreTables.RUNS, RunRecord::of);
    }

    @Override
    public List<Recorded<DriftRecord>> drift() {
        return read(StoreTables.DRIFT, recorded(DriftRecord::of));
    }

    @Override
    public List<Recorded<ProfileRecord>> profiles() {
        return read(StoreTables.PROFILES, recorded(ProfileRecord::of));
    }

    @Override
    public List<Recorded<FairnessRecord>> fairness() {
        return read(StoreTables.FAIRNESS, recorded(FairnessRecord::of));
    }

    @Override
    public List<Recorded<SwitchbackRecord>> switchback() {
        return read(StoreTables.SWITCHBACK, recorded(SwitchbackRecord::of));
    }

    @Override
    public List<Recorded<FindingRecord>> findings() {
        return read(StoreTables.FINDINGS, recorded(FindingRecord::of));
    }

    @Override
    public List<Recorded<ReplayComparison>> replay() {
        return read(StoreTables.REPLAY, recorded(ReplayComparison::of));
    }

    @Override
    public List<Recorded<SliceRecord>> slices() {
        return read(StoreTables.SLICES, recorded(SliceRecord::of));
    }

    @Override
    public List<Recorded<ExplanationRecord>> explanations() {
        return read(StoreTables.EXPLANATIONS, recorded(ExplanationRecord::of));
    }

    private static <T> Function<NamedValues, Recorded<T>> recorded(Function<NamedValues, T> record) {
        return v -> new Recorded<>(v.string(Columns.RUN_ID), v.instant(Columns.COMPUTED_AT), record.apply(v));
    }

    /** A table's records, read on first use (readers may ask from several threads). */
    @SuppressWarnings("unchecked") // each table's list is made by its own mapping only
    private synchronized <T> List<T> read(String table, Function<NamedValues, T> mapping) {
        return (List<T>) records.computeIfAbsent(table, t -> {
            Snapshot snapshot = tables.get(t);
            if (snapshot == null) {
                return List.of();
            }
            try {
                return KernelRows.read(reader.engine(), snapshot).stream()
                        .map(mapping)
                        .toList();
            } catch (RuntimeException e) { // Kernel's own, or a data file that cannot be read
                throw reader.unreadable(t, e);
            }
        });
    }
}
