package dev.verity.cli;

import dev.verity.jobs.VeritySpark;
import dev.verity.serve.MetricsServer;
import dev.verity.serve.ObjectivesFile;
import dev.verity.serve.StoreWatcher;
import dev.verity.serve.WebConfig;
import dev.verity.store.BadInputException;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serve the store's latest metrics, drift, findings, replays, runs and retrain advice to Prometheus at "
                        + "/metrics, and the store's live HTML report at /.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--store", required = true, description = "The evaluation store.")
    String store;

    @Option(
            names = "--port",
            defaultValue = "9464",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(
            names = "--refresh",
            defaultValue = "30",
            description = "Seconds between checks for a new store version (default: ${DEFAULT-VALUE}).")
    long refresh;

    @Option(
            names = "--max-slices",
            defaultValue = "100",
            description = "Most slices exported per model, largest first (default: ${DEFAULT-VALUE}).")
    int maxSlices;

    @Option(
            names = "--baseline-days",
            defaultValue = "28",
            description = "Each metric's baseline is its median over the windows of this many days before its "
                    + "latest (default: ${DEFAULT-VALUE}).")
    int baselineDays;

    @Option(
            names = "--objectives",
            paramLabel = "FILE",
            description = "Quality objectives and job schedules (YAML, see conf/objectives.yaml), exported as "
                    + "threshold gauges for the alert rules.")
    Path objectives;

    @Option(
            names = "--web-config",
            paramLabel = "FILE",
            description = "TLS and basic auth, in the Prometheus exporter toolkit's web configuration format "
                    + "(tls_server_config, basic_auth_users with bcrypt hashes).")
    Path webConfig;

    @Override
    public Integer call() throws Exception {
        if (refresh < 1 || maxSlices < 1 || baselineDays < 1) {
            throw new BadInputException("--refresh, --max-slices and --baseline-days must be at least 1");
        }
        ExportSettings settings = objectives == null
                ? new ExportSettings(maxSlices, baselineDays, List.of(), ExportSettings.DEFAULT_JOB_PERIODS)
                : ObjectivesFile.read(objectives, maxSlices, baselineDays);
        WebConfig web = webConfig == null ? WebConfig.NONE : WebConfig.read(webConfig);
        // Delta Kernel reads the few small tables: no Spark session, so serve starts in seconds
        StoreReader reader = new StoreReader(store, VeritySpark.hadoopConfiguration());
        if (!reader.exists()) {
            throw new BadInputException(store + ": no evaluation store here");
        }
        try (StoreWatcher watcher = new StoreWatcher(reader, settings).start(refresh);
                MetricsServer server = new MetricsServer(host, port, watcher, web)) {
            String base = server.baseUrl();
            System.err.printf(
                    "verity serve: %s%s for Prometheus, the report at %s%s (store %s, checked every %d s)%n",
                    base, MetricsServer.METRICS, base, MetricsServer.REPORT, store, refresh);
            new CountDownLatch(1).await(); // until the process is stopped
        }
        return 0;
    }
}
