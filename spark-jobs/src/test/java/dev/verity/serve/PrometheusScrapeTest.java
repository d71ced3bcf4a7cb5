package dev.verity.serve;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.prometheus.ExportSettings;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package, started here on loopback) scrapes {@code serve},
 * and the values it returns through its HTTP API equal the store's.
 */
class PrometheusScrapeTest {

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheStoresValues() throws Exception {
        LocalPrometheus.assumeInstalled();
        EvaluationStore store = StoreFixture.write(dir.resolve("store").toString());
        Row expected = store.metrics()
                .filter(col("slice").equalTo("all").and(col("metric").equalTo("auc")))
                .orderBy(col("window_end").desc())
                .first();
        try (StoreWatcher watcher =
                        new StoreWatcher(StoreFixture.reader(store), ExportSettings.defaults(100)).start(3600);
                MetricsServer server = new MetricsServer("127.0.0.1", 0, watcher)) {
            String config = LocalPrometheus.scrapeConfig(server.port());
            try (LocalPrometheus prometheus = LocalPrometheus.start(dir, config, dir.resolve("tsdb"))) {
                JsonNode auc = prometheus.poll("verity_model_metric{model=\"m\",slice=\"all\",metric=\"auc\"}");
                assertThat(auc.get("value").get(1).asDouble()).isEqualTo(expected.<Double>getAs("value"));
                assertThat(auc.get("metric").get("model_version").asText()).isEqualTo("v1");
                JsonNode up = prometheus.poll("up{job=\"verity\"}");
                assertThat(up.get("value").get(1).asText()).isEqualTo("1");
                JsonNode runs = prometheus.poll("verity_runs_total{command=\"evaluate\",status=\"succeeded\"}");
                assertThat(runs.get("value").get(1).asDouble()).isEqualTo(1.0);
            }
        }
    }
}
