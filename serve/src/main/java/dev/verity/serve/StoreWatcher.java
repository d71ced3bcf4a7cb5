package dev.verity.serve;

import dev.verity.store.Errors;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the exported state of a store, and its HTML report, current: a background check every
 * {@code refresh} takes a snapshot of the store's tables (Delta Kernel, on any filesystem, no
 * Spark), compares its versions with those last loaded and reads the tables only when one
 * changed. A scrape never waits for a reload: it gets the last state, and a failed reload keeps
 * the previous one and is counted.
 */
public final class StoreWatcher implements AutoCloseable {
    // The exporter's own gauges: what the alert rules read of its health.
    static final String RELOADS = "verity_exporter_reloads";
    static final String RELOAD_ERRORS = "verity_exporter_reload_errors";
    static final String LAST_RELOAD = "verity_exporter_last_reload_timestamp_seconds";

    private final StoreReader store;
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
    private Map<String, OptionalLong> reportVersions;

    private volatile Map<String, OptionalLong> loadedVersions = Map.of();
    private volatile long reloads;
    private volatile long reloadErrors;
    private volatile double lastReload;

    public StoreWatcher(StoreReader store, ExportSettings settings) {
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
        if (state == null) {
            return java.util.Optional.empty();
        }
        Map<String, OptionalLong> versions = loadedVersions;
        synchronized (reportLock) {
            try {
                // the store is read again only after a reload saw it change, not on every request
                if (!versions.equals(reportVersions)) {
                    report = HtmlReport.render(ReportData.load(store.latest()));
                    reportVersions = versions;
                }
            } catch (RuntimeException e) {
                if (report == null) {
                    throw e;
                }
                System.err.println(
                        "verity serve: building the report failed, serving the last good one: " + Errors.oneLine(e));
            }
            return java.util.Optional.of(report);
        }
    }

    synchronized void reloadIfChanged() {
        try {
            StoreSnapshot snapshot = store.latest();
            Map<String, OptionalLong> versions = snapshot.versions();
            if (versions.equals(loadedVersions) && state != null) {
                return;
            }
            for (Map.Entry<String, OptionalLong> loaded : loadedVersions.entrySet()) {
                if (loaded.getValue().isPresent()
                        && versions.get(loaded.getKey()).isEmpty()) {
                    throw new IllegalStateException(
                            "the " + (loaded.getKey().isEmpty() ? "metrics" : loaded.getKey()) + " table is gone");
                }
            }
            state = StoreState.load(snapshot, settings);
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
