package dev.verity.store.delta;

import dev.verity.store.Errors;
import dev.verity.store.MetricRecord;
import dev.verity.store.NotAStoreException;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.StoreTables;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads the store's Delta tables with Delta Kernel: logs and data files straight from the
 * filesystem (local, HDFS, an object store: whatever the Hadoop configuration reaches), with no
 * Spark session. serve, report, advise and compare read the store this way.
 */
public final class StoreReader {
    /**
     * The table property in which {@code store vacuum} records the earliest time whose versions
     * it kept whole: time travel to an earlier one would find files gone.
     */
    public static final String HISTORY_START = "verity.historyStart";

    /** A Delta log's commit or checkpoint file. */
    private static final java.util.regex.Pattern COMMIT =
            java.util.regex.Pattern.compile("\\d{20}\\.(json|checkpoint.*\\.parquet)|_last_checkpoint");

    private final String root;
    private final Configuration hadoop;
    private final Engine engine;

    public StoreReader(String root, Configuration hadoop) {
        this.root = root;
        this.hadoop = hadoop;
        this.engine = DefaultEngine.create(hadoop);
    }

    public String root() {
        return root;
    }

    /** True when the store holds a metrics table or any companion table (runs, drift, schemas...). */
    public boolean exists() {
        return isDeltaTable(root) || isDirectory(path(StoreTables.COMPANIONS));
    }

    /**
     * A store is a new or empty folder, or one holding Verity's metrics table or its companion
     * tables: writing into anything else would mix Verity's tables into someone else's data, and
     * reading it would mistake it for a store.
     *
     * @throws NotAStoreException when the root is a file, another Delta table or a folder of something else
     */
    public void requireStore() {
        Path path = new Path(root);
        org.apache.hadoop.fs.FileStatus status;
        org.apache.hadoop.fs.FileStatus[] children;
        try {
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                return;
            }
            status = fs.getFileStatus(path);
            children = status.isDirectory() ? fs.listStatus(path) : new org.apache.hadoop.fs.FileStatus[0];
        } catch (IOException e) {
            throw new NotAStoreException(root, "cannot be read: " + e.getMessage());
        }
        if (!status.isDirectory()) {
            throw new NotAStoreException(root, "is a file; a store is a folder");
        }
        java.util.List<String> names = java.util.Arrays.stream(children)
                .map(c -> c.getPath().getName())
                .toList();
        Snapshot metrics = latest(StoreTables.METRICS);
        if (metrics != null) {
            java.util.List<String> columns = metrics.getSchema().fieldNames();
            if (!columns.containsAll(MetricRecord.COLUMNS)) {
                throw new NotAStoreException(
                        root,
                        "is a Delta table but not a Verity metrics table (its columns: " + String.join(", ", columns)
                                + ")");
            }
        } else if (!names.isEmpty() && !names.contains(StoreTables.COMPANIONS) && !names.contains("_delta_log")) {
            throw new NotAStoreException(
                    root,
                    "is a folder of other files (no _delta_log or " + StoreTables.COMPANIONS
                            + " inside); pass a new or empty folder");
        }
    }

    /** The latest Delta version of one of the store's tables; empty when absent. */
    public OptionalLong version(String table) {
        Snapshot latest = latest(table);
        return latest == null ? OptionalLong.empty() : OptionalLong.of(latest.getVersion());
    }

    /** When version {@code version} of the metrics table was committed; empty if it has no such version. */
    public Optional<Instant> committedAt(long version) {
        try {
            return Optional.of(Instant.ofEpochMilli(Table.forPath(engine, root)
                    .getSnapshotAsOfVersion(engine, version)
                    .getTimestamp(engine)));
        } catch (KernelException e) { // no table, or no such version (yet, or any more)
            return Optional.empty();
        }
    }

    /** The earliest time the store can be read as of: the latest history start its tables record; empty: all of it. */
    public Optional<Instant> historyStart() {
        return StoreTables.ALL.stream()
                .map(this::latest)
                .filter(java.util.Objects::nonNull)
                .map(s -> s.getTableProperties().get(HISTORY_START))
                .filter(java.util.Objects::nonNull)
                .map(Instant::parse)
                .max(Instant::compareTo);
    }

    /** The tables as they are now. */
    public StoreSnapshot latest() {
        return new KernelSnapshot(this, null);
    }

    /** The tables as they were at {@code time}: each at its latest version committed by then, a later table absent. */
    public StoreSnapshot asOf(Instant time) {
        return new KernelSnapshot(this, time);
    }

    Engine engine() {
        return engine;
    }

    /** The table's latest snapshot committed by {@code time} (null: the latest); null when there is none. */
    Snapshot snapshot(String table, Instant time) {
        Snapshot latest = latest(table);
        if (latest == null || time == null || latest.getTimestamp(engine) <= time.toEpochMilli()) {
            return latest;
        }
        try {
            Table delta = Table.forPath(engine, tablePath(table));
            if (delta.getSnapshotAsOfVersion(engine, 0).getTimestamp(engine) > time.toEpochMilli()) {
                return null; // created after that time
            }
            return delta.getSnapshotAsOfTimestamp(engine, time.toEpochMilli());
        } catch (RuntimeException e) {
            throw unreadable(table, e);
        }
    }

    private Snapshot latest(String table) {
        String path = tablePath(table);
        if (!isDeltaTable(path)) {
            return null;
        }
        try {
            return Table.forPath(engine, path).getLatestSnapshot(engine);
        } catch (TableNotFoundException e) { // a log folder without a commit yet
            return null;
        } catch (RuntimeException e) { // a corrupt log: Kernel's exceptions, or its engine's
            throw unreadable(table, e);
        }
    }

    /** A table whose log or files Delta Kernel cannot read, named. */
    NotAStoreException unreadable(String table, RuntimeException e) {
        return new NotAStoreException(root, "its table " + tablePath(table) + " cannot be read: " + Errors.oneLine(e));
    }

    String tablePath(String table) {
        return table.equals(StoreTables.METRICS) ? root : path(table);
    }

    /** A table's path under the root, on any filesystem (java.nio would fold {@code hdfs://} into one slash). */
    String path(String table) {
        return new Path(root, table).toString();
    }

    /**
     * True when the path holds a Delta table with at least one commit: a first write that failed
     * (a full disk, say) can leave an empty log folder, which is no table yet.
     */
    boolean isDeltaTable(String path) {
        Path log = new Path(path, "_delta_log");
        try {
            // the first commit found will do: a long log need not be listed whole
            org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.FileStatus> files =
                    log.getFileSystem(hadoop).listStatusIterator(log);
            while (files.hasNext()) {
                if (COMMIT.matcher(files.next().getPath().getName()).matches()) {
                    return true;
                }
            }
            return false;
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new NotAStoreException(root, "cannot be read: " + e.getMessage());
        }
    }

    boolean isDirectory(String path) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(hadoop).getFileStatus(p).isDirectory();
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new NotAStoreException(root, "cannot be read: " + e.getMessage());
        }
    }
}
