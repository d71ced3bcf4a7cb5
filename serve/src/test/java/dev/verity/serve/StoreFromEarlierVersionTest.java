package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * serve on its own classpath, with no Spark: it reads a store that Verity 0.1 wrote before the
 * store's records and readers had modules of their own (evaluate, drift and monitor over a small
 * log; its scrape recorded then), and exports what that version exported.
 */
class StoreFromEarlierVersionTest {
    private static final String FIXTURE = "store-0.1";

    @Test
    void sparkIsNotOnServesClasspath() {
        assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aStoreWrittenByTheEarlierVersionExportsWhatThatVersionExported() throws Exception {
        // read in place: serve reads with Delta Kernel and writes nothing
        Path store =
                Path.of(StoreFromEarlierVersionTest.class.getResource(FIXTURE).toURI());
        try (StoreWatcher watcher = new StoreWatcher(
                                new StoreReader(store.toString(), new Configuration()), ExportSettings.defaults(20))
                        .start(3600);
                MetricsServer server = new MetricsServer("127.0.0.1", 0, watcher)) {
            HttpResponse<String> scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + MetricsServer.METRICS))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(withoutExporterGauges(scrape.body())).isEqualTo(resource(FIXTURE + ".metrics"));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(text, watcher.snapshot());
            assertThat(text.toString(StandardCharsets.UTF_8)).contains("verity_model_metric{");
        }
    }

    /** The exporter's own gauges (reloads, their time) are the server's, not the store's. */
    private static String withoutExporterGauges(String scrape) {
        return scrape.lines()
                        .filter(l -> !l.matches("(# (HELP|TYPE) )?verity_exporter_.*"))
                        .reduce((a, b) -> a + "\n" + b)
                        .orElse("")
                + "\n";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StoreFromEarlierVersionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
