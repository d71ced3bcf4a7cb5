package dev.verity.jobs.serve;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.store.EvaluationStore;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package, started here on loopback) scrapes {@code serve},
 * and the values it returns through its HTTP API equal the store's. CI installs Prometheus; a
 * developer machine without it skips this test, CI (CI=true) fails instead.
 */
class PrometheusScrapeTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheStoresValues() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            assertThat(System.getenv("CI"))
                    .as("CI must install prometheus (apt-get install prometheus)")
                    .isNull();
            assumeTrue(false, "no /usr/bin/prometheus on this machine");
        }
        EvaluationStore store = StoreFixture.write(dir.resolve("store").toString());
        Row expected = store.metrics()
                .filter(col("slice").equalTo("all").and(col("metric").equalTo("auc")))
                .orderBy(col("window_end").desc())
                .first();
        int prometheusPort;
        try (ServerSocket free = new ServerSocket(0)) {
            prometheusPort = free.getLocalPort();
        }
        try (StoreWatcher watcher = new StoreWatcher(store, 100).start(3600);
                MetricsServer server = new MetricsServer("127.0.0.1", 0, watcher)) {
            Path config = Files.writeString(
                    dir.resolve("prometheus.yml"),
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "scrape_configs:",
                            "  - job_name: verity",
                            "    static_configs:",
                            "      - targets: ['127.0.0.1:" + server.port() + "']",
                            ""));
            Process prometheus = new ProcessBuilder(
                            PROMETHEUS.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("tsdb"),
                            "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                JsonNode auc = poll(prometheusPort, "verity_model_metric{model=\"m\",slice=\"all\",metric=\"auc\"}");
                assertThat(auc.get("value").get(1).asDouble()).isEqualTo(expected.<Double>getAs("value"));
                assertThat(auc.get("metric").get("model_version").asText()).isEqualTo("v1");
                JsonNode up = poll(prometheusPort, "up{job=\"verity\"}");
                assertThat(up.get("value").get(1).asText()).isEqualTo("1");
                JsonNode runs = poll(prometheusPort, "verity_runs_total{command=\"evaluate\",status=\"succeeded\"}");
                assertThat(runs.get("value").get(1).asDouble()).isEqualTo(1.0);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** The first sample of {@code query}, once Prometheus has scraped it (at most 60 s). */
    private static JsonNode poll(int port, String query) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(
                "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                last = response.body();
                JsonNode result = JSON.readTree(last).path("data").path("result");
                if (result.size() > 0) {
                    return result.get(0);
                }
            } catch (java.io.IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus returned no sample of " + query + " within 60 s; last answer: " + last);
    }
}
