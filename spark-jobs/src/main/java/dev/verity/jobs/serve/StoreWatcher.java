package dev.verity.jobs.serve;

import dev.verity.store.Errors;
import dev.verity.store.EvaluationStore;
import dev.verity.store.StoreTables;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the exported snapshot of a store, and its HTML report, current: a background check every {@code refresh}
 * compares the Delta versions of the store's tables (read by Delta Kernel, on any filesystem)
 * with those last loaded and reloads (with Spark) only when one changed. A scrape never waits for Spark: it gets the last snapshot, and
 * a failed reload keeps the previous one and is counted.
 */
public final class StoreWatcher implements AutoCloseable {
    private static final List<String> TABLES =
            List.of("", StoreTables.RUNS, StoreTables.DRIFT, StoreTables.FINDINGS, StoreTables.REPLAY);

    private static final String ABSENT = "-";
    // The exporter's own gauges: what the alert rules read of its health.
    static final String RELOADS = "verity_exporter_reloads";
    static final String RELOAD_ERRORS = "verity_exporter_reload_errors";
    static final String LAST_RELOAD = "verity_exporter_last_reload_timestamp_seconds";

    private final EvaluationStore store;
    private final ExportSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "verity-store-watcher");
        t.setDaemon(true);
        return t;
    });
    /** The last store contents loaded without error; null until the first good load. */
    private volatile StoreState state;

    // The report is built when first asked for after a change (few reloads are ever viewed), under
    // its own lock so that a slow build never holds up a reload or a scrape.
    private final Object reportLock = new Object();
    private String report;
    private Map<String, String> reportVersions;

    private volatile Map<String, String> loadedVersions = Map.of();
    private volatile long reloads;
    private volatile long reloadErrors;
    private volatile double lastReload;

    public StoreWatcher(EvaluationStore store, ExportSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Loads the store now, then checks for new versions every {@code refreshSeconds}. */
    public StoreWatcher start(long refreshSeconds) {
        reloadIfChanged();
        timer.scheduleWithFixedDelay(this::reloadIfChanged, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
        return this;
    }

    /** The last good store contents with the exporter's own gauges as they are now. */
    public MetricSnapshots snapshot() {
        StoreState shown = state;
        return PrometheusView.of(shown == null ? StoreState.empty(settings) : shown, exporterGauges());
    }

    /** Whether the store has been loaded once (what is exported before that is the exporter's own state). */
    public boolean loaded() {
        return state != null;
    }

    /**
     * The HTML report of the store as last loaded, built now if the store changed since the last
     * one; empty until the store was first loaded. A build that fails keeps the last good report.
     */
    public java.util.Optional<String> report() {
        Map<String, String> versions = loadedVersions;
        if (state == null) {
            return java.util.Optional.empty();
        }
        synchronized (reportLock) {
            if (!versions.equals(reportVersions)) {
                try {
                    report = HtmlReport.render(ReportData.load(store));
                    reportVersions = versions;
                } catch (RuntimeException e) {
                    if (report == null) {
                        throw e;
                    }
                    System.err.println("verity serve: building the report failed, serving the last good one: "
                            + Errors.oneLine(e));
                }
            }
            return java.util.Optional.of(report);
        }
    }

    /** The Delta version of each table of the store ("-" when absent). */
    Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String table : TABLES) {
            java.util.OptionalLong version = store.version(table);
            versions.put(table, version.isPresent() ? String.valueOf(version.getAsLong()) : ABSENT);
        }
        return versions;
    }

    synchronized void reloadIfChanged() {
        try {
            Map<String, String> versions = versions();
            if (versions.equals(loadedVersions) && state != null) {
                return;
            }
            for (Map.Entry<String, String> loaded : loadedVersions.entrySet()) {
                if (!loaded.getValue().equals(ABSENT)
                        && versions.get(loaded.getKey()).equals(ABSENT)) {
                    throw new IllegalStateException(
                            "the " + (loaded.getKey().isEmpty() ? "metrics" : loaded.getKey()) + " table is gone");
                }
            }
            state = StoreState.load(store, settings);
            reloads++;
            lastReload = System.currentTimeMillis() / 1000.0;
            loadedVersions = versions;
        } catch (Exception e) { // a broken reload must not stop the exporter: keep serving the last good values
            reloadErrors++;
            System.err.println("verity serve: reloading " + store.root() + " failed, keeping the last good values: "
                    + Errors.oneLine(e));
        }
    }

    private Map<String, Double> exporterGauges() {
        Map<String, Double> gauges = new LinkedHashMap<>();
        gauges.put(RELOADS, (double) reloads);
        gauges.put(RELOAD_ERRORS, (double) reloadErrors);
        gauges.put(LAST_RELOAD, lastReload);
        return gauges;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
