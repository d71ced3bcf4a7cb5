package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.report.HeadlessChromium;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The exporter over real HTTP on loopback: values, conventions, bad requests; the store changes last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeTest {
    @TempDir
    static Path dir;

    static EvaluationStore store;
    static StoreWatcher watcher;
    static MetricsServer server;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        store = StoreFixture.write(dir.resolve("store").toString());
        watcher = new StoreWatcher(StoreFixture.reader(store), ExportSettings.defaults(3)).start(3600);
        server = new MetricsServer("127.0.0.1", 0, watcher);
    }

    @AfterAll
    static void stop() {
        server.close();
        watcher.close();
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5));
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the one sample of {@code name} whose line holds every one of {@code labels}. */
    static double sample(String body, String name, String... labels) {
        List<String> lines = body.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> List.of(labels).stream().allMatch(l::contains))
                .toList();
        assertThat(lines).as(name + " " + List.of(labels)).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    @Order(1)
    void exportsTheLatestValuesOfTheStoreWithTheirBaselines() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("text/plain; version=0.0.4");
        String body = response.body();
        assertThat(sample(body, "verity_model_metric", "slice=\"all\"", "metric=\"auc\""))
                .isEqualTo(0.75);
        assertThat(sample(body, "verity_model_metric_baseline", "slice=\"all\"", "metric=\"auc\""))
                .isEqualTo(0.80);
        assertThat(sample(body, "verity_model_metric", "slice=\"country=a\"", "metric=\"auc_ci_high\""))
                .isEqualTo(0.76, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(sample(body, "verity_model_metric_rows", "slice=\"all\"", "metric=\"auc\""))
                .isEqualTo(1000);
        assertThat(sample(body, "verity_replay_mismatches", "model=\"m\"")).isEqualTo(4);
        assertThat(sample(body, "verity_replay_delta_ci_low", "candidate=\"m-gbt\""))
                .isEqualTo(0.01);
        assertThat(sample(body, "verity_drift_detected", "feature=\"minutes\"")).isEqualTo(1);
        assertThat(sample(body, "verity_runs_total", "command=\"evaluate\"", "status=\"succeeded\""))
                .isEqualTo(1);
        assertThat(sample(body, "verity_input_rows_total", "outcome=\"evaluated\""))
                .isEqualTo(965);
        assertThat(sample(body, "verity_last_success_timestamp_seconds", "command=\"evaluate\""))
                .isEqualTo(
                        (double) java.time.Instant.parse("2026-11-03T00:00:00Z").getEpochSecond());
        assertThat(sample(body, "verity_last_run_duration_seconds", "command=\"evaluate\""))
                .isEqualTo(4.2);
        assertThat(sample(body, "verity_retrain_advice", "model=\"m\"", "action=\"retrain\""))
                .isEqualTo(1);
        // The cap: all plus the two largest slices; country=c (100 rows) is left out and counted.
        assertThat(body).doesNotContain("country=c");
        assertThat(sample(body, "verity_exporter_slices_dropped", "model=\"m\""))
                .isEqualTo(1);
        assertThat(sample(body, "verity_exporter_slice_cap")).isEqualTo(3);
        // No monitor run: no model's findings are known, so none are exported (not zeros).
        assertThat(body).doesNotContain("verity_monitor_findings{");
    }

    @Test
    @Order(1)
    void scrapersGetTheFormatTheyAskForGzippedWhenTheyAcceptIt() throws Exception {
        HttpResponse<String> openMetrics = HTTP.send(
                request(MetricsServer.METRICS)
                        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(openMetrics.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/openmetrics-text");
        assertThat(openMetrics.body()).endsWith("# EOF\n").contains("# TYPE verity_runs counter");
        assertThat(sample(openMetrics.body(), "verity_model_metric", "slice=\"all\"", "metric=\"auc\""))
                .isEqualTo(0.75);

        HttpResponse<byte[]> gzipped = HTTP.send(
                request(MetricsServer.METRICS).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        String unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(unzipped).isEqualTo(get(MetricsServer.METRICS).body());
    }

    @Test
    @Order(1)
    void theProcessIsHealthyTheStoreReadyAndTheReportLiveAtTheRoot() throws Exception {
        assertThat(get(MetricsServer.HEALTHY).statusCode()).isEqualTo(200);
        assertThat(get(MetricsServer.READY).statusCode()).isEqualTo(200);
        HttpResponse<String> report = get(MetricsServer.REPORT);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(report.body()).contains("<h1>Verity report</h1>", "Store " + store.root());
        HttpResponse<String> runbooks = get(MetricsServer.RUNBOOKS);
        assertThat(runbooks.statusCode()).isEqualTo(200);
        assertThat(runbooks.body()).contains("<h2 id=\"veritydataloss\">VerityDataLoss</h2>");
        HeadlessChromium.assumeInstalled();
        String dom = HeadlessChromium.run(
                dir, URI.create("http://127.0.0.1:" + server.port() + MetricsServer.REPORT), "--dump-dom");
        assertThat(dom).contains("<h1>Verity report</h1>", "<polyline", "<circle");
    }

    @Test
    @Order(1)
    void beforeTheStoreIsLoadedTheExporterIsHealthyButNotReady() throws Exception {
        try (StoreWatcher unloaded = new StoreWatcher(StoreFixture.reader(store), ExportSettings.defaults(3));
                MetricsServer early = new MetricsServer("127.0.0.1", 0, unloaded)) {
            for (String path : List.of(MetricsServer.HEALTHY, MetricsServer.READY, MetricsServer.REPORT)) {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + early.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(path.equals(MetricsServer.HEALTHY) ? 200 : 503);
            }
        }
    }

    @Test
    @Order(2)
    void aNewStoreVersionIsPickedUpAndAnUnchangedOneIsNotReloaded() throws Exception {
        double reloads = sample(get("/metrics").body(), "verity_exporter_reloads");
        watcher.reloadIfChanged();
        assertThat(sample(get("/metrics").body(), "verity_exporter_reloads")).isEqualTo(reloads);
        StoreFixture.addDay(store, "2026-11-03", 0.70);
        watcher.reloadIfChanged();
        String body = get("/metrics").body();
        assertThat(sample(body, "verity_exporter_reloads")).isEqualTo(reloads + 1);
        assertThat(sample(body, "verity_model_metric", "slice=\"all\"", "metric=\"auc\""))
                .isEqualTo(0.70);
    }

    /** Last, as it breaks the store: a failed reload is counted and the last good values stay. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aBrokenOrDeletedStoreKeepsTheLastGoodValuesAndCountsEveryFailure() throws Exception {
        String before = get("/metrics").body();
        double auc = sample(before, "verity_model_metric", "slice=\"all\"", "metric=\"auc\"");
        double errors = sample(before, "verity_exporter_reload_errors");
        Path log = Path.of(store.root(), "_delta_log");
        long next;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(log)) {
            next = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json"))
                    .count();
        }
        java.nio.file.Files.writeString(log.resolve(String.format("%020d.json", next)), "{\"add\": not json");
        watcher.reloadIfChanged();
        String broken = get("/metrics").body();
        assertThat(sample(broken, "verity_exporter_reload_errors")).isEqualTo(errors + 1);
        assertThat(sample(broken, "verity_model_metric", "slice=\"all\"", "metric=\"auc\""))
                .isEqualTo(auc);

        org.apache.commons.io.FileUtils.deleteDirectory(Path.of(store.root()).toFile());
        watcher.reloadIfChanged();
        String gone = get("/metrics").body();
        assertThat(sample(gone, "verity_exporter_reload_errors")).isEqualTo(errors + 2);
        assertThat(sample(gone, "verity_model_metric", "slice=\"all\"", "metric=\"auc\""))
                .isEqualTo(auc);
    }

    @Test
    void unknownPathsAndMethodsGetFourHundreds() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/../../etc/passwd").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> head = HTTP.send(
                request(MetricsServer.METRICS)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    /** The status line a GET /metrics with these extra header lines gets. */
    private static String statusOf(String headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /metrics HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(5000);
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void hugeHeadersAreRefusedAndSlowClientsDoNotBlockScrapes() throws Exception {
        assertThat(statusOf("X-Junk: " + "a".repeat(64 * 1024) + "\r\n")).isEqualTo("HTTP/1.1 431");
        for (int count : new int[] {900, 2000}) {
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < count; i++) {
                many.append("X-").append(i).append(": 0123456789\r\n");
            }
            assertThat(statusOf(many.toString())).as(count + " headers").isEqualTo("HTTP/1.1 431");
        }
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream()
                        .write("GET /metrics HTTP/1.1\r\nHost: slow\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long start = System.nanoTime();
            assertThat(get("/metrics").statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
    }
}
