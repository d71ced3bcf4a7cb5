package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus server (and its promtool) on loopback, for tests. CI installs the package;
 * a developer machine without it skips the test, CI ({@code CI=true}) fails instead.
 */
final class LocalPrometheus implements AutoCloseable {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the calling test where Prometheus is not installed (and fails it on CI). */
    static void assumeInstalled() {
        if (!Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
            assertThat(System.getenv("CI"))
                    .as("CI must install prometheus (apt-get install prometheus)")
                    .isNull();
            assumeTrue(false, "no /usr/bin/prometheus on this machine");
        }
    }

    /**
     * A configuration scraping serve on {@code port} every second as job {@code verity}, with
     * {@code jobLines} (YAML, indented for the job) added to the job.
     */
    static String scrapeConfig(int port, String... jobLines) {
        List<String> lines =
                new ArrayList<>(List.of("global:", "  scrape_interval: 1s", "scrape_configs:", "  - job_name: verity"));
        lines.addAll(Arrays.asList(jobLines));
        lines.addAll(List.of("    static_configs:", "      - targets: ['127.0.0.1:" + port + "']", ""));
        return String.join("\n", lines);
    }

    /** Starts Prometheus with {@code config} (YAML) on the data folder {@code tsdb}, its log in {@code dir}. */
    static LocalPrometheus start(Path dir, String config, Path tsdb, String... flags) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        List<String> command = new ArrayList<>(List.of(
                PROMETHEUS.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=127.0.0.1:" + port));
        command.addAll(Arrays.asList(flags));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        return new LocalPrometheus(process, port);
    }

    /** Runs promtool with {@code args}, failing with its output unless it exits 0. */
    static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The first series of the instant query {@code query}, once it has one (at most a minute). */
    JsonNode poll(String query) throws InterruptedException {
        return first("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    /** The first series of the range query {@code query} from {@code start} to {@code end} (Unix seconds) by {@code step}. */
    JsonNode range(String query, long start, long end, long step) throws InterruptedException {
        return first("/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + start
                + "&end=" + end + "&step=" + step);
    }

    private JsonNode first(String pathAndQuery) throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + pathAndQuery);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
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
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus answered " + uri + " with no series within " + PATIENCE.toSeconds()
                + " s; last answer: " + last);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
