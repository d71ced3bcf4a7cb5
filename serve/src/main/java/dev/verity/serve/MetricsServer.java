package dev.verity.serve;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.verity.store.Errors;
import io.prometheus.metrics.exporter.httpserver.HealthyHandler;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP side of {@code serve}: {@code GET /metrics} through the Prometheus client's own scrape
 * handler (the format the scraper asks for: Prometheus text, OpenMetrics or protobuf; gzip when
 * accepted), {@code /-/healthy} (the process answers), {@code /-/ready} (the store has been
 * loaded: 503 before), the live HTML report of the store at {@code /}, the alerts' runbooks at
 * {@code /runbooks}; 404 for any other path,
 * 405 for other methods, 431 for headers over 16 KiB.
 * The JDK's server closes the connection of a request over its own limits, which are therefore
 * set above that size: 16 KiB holds at most {@value #MAX_HEADER_COUNT} headers of 4 bytes.
 * A client that sends its request too slowly is cut off after {@value #REQUEST_SECONDS} s, and
 * every request gets its own thread, so stuck clients do not block the scrapes. A {@link
 * WebConfig} adds TLS and basic auth (on every path, as the exporter toolkit does).
 */
public final class MetricsServer implements AutoCloseable {
    static final int REQUEST_SECONDS = 10;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_HEADER_COUNT = MAX_HEADER_BYTES / 4;
    public static final String METRICS = "/metrics";
    public static final String HEALTHY = "/-/healthy";
    public static final String READY = "/-/ready";
    public static final String REPORT = "/";
    /** What to do about each alert: the alert rules' runbook_url points here. */
    public static final String RUNBOOKS = "/runbooks";

    private static final byte[] RUNBOOKS_PAGE = runbooksPage();

    private final HttpServer server;
    private final ExecutorService threads;
    private final StoreWatcher watcher;
    private final HttpHandler scrape;
    private final HttpHandler healthy = new HealthyHandler();

    /**
     * The JDK's server reads its limits once per JVM, when its first server starts: call this
     * before any {@code HttpServer} of the process is created. Only what the user did not set is set.
     */
    public static void configureJdkServer() {
        for (Map.Entry<String, String> limit : Map.of(
                        "sun.net.httpserver.maxReqTime",
                        String.valueOf(REQUEST_SECONDS),
                        "sun.net.httpserver.maxRspTime",
                        "30",
                        "sun.net.httpserver.maxReqHeaders",
                        String.valueOf(4 * MAX_HEADER_COUNT))
                .entrySet()) {
            if (System.getProperty(limit.getKey()) == null) {
                System.setProperty(limit.getKey(), limit.getValue());
            }
        }
    }

    public MetricsServer(String host, int port, StoreWatcher watcher) throws IOException {
        this(host, port, watcher, WebConfig.NONE);
    }

    public MetricsServer(String host, int port, StoreWatcher watcher, WebConfig web) throws IOException {
        configureJdkServer();
        this.watcher = watcher;
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register((MultiCollector) watcher::snapshot); // each scrape: the last loaded snapshot
        this.scrape = new MetricsHandler(registry);
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (web.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(web.tls().get().configurator());
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 64);
        }
        // The JDK server parses a request on the executor's thread: a bounded pool could be
        // filled by clients that never finish their request. Threads are cheap next to a lost
        // scrape, and each stuck one is freed after the request time limit.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "verity-serve");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        HttpContext context = server.createContext("/", this::handle);
        if (web.authenticates()) {
            context.setAuthenticator(new BcryptAuthenticator(web.users()));
        }
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where the server answers, as {@code https://127.0.0.1:9464}. */
    public String baseUrl() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + server.getAddress().getHostString() + ":" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (headerBytes(exchange) > MAX_HEADER_BYTES) {
                text(exchange, 431, "request headers too large\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                text(exchange, 405, "only GET and HEAD\n");
            } else if (path.equals(METRICS)) {
                scrape.handle(exchange);
            } else if (path.equals(HEALTHY)) {
                healthy.handle(exchange);
            } else if (path.equals(READY)) {
                boolean ready = watcher.loaded();
                text(exchange, ready ? 200 : 503, ready ? "the store is loaded\n" : "loading the store\n");
            } else if (path.equals(REPORT)) {
                report(exchange);
            } else if (path.equals(RUNBOOKS)) {
                send(exchange, 200, "text/html; charset=utf-8", RUNBOOKS_PAGE);
            } else {
                text(
                        exchange,
                        404,
                        "not found: " + String.join(", ", METRICS, HEALTHY, READY, REPORT, RUNBOOKS) + "\n");
            }
        }
    }

    private static byte[] runbooksPage() {
        try (java.io.InputStream page = MetricsServer.class.getResourceAsStream("runbooks.html")) {
            return java.util.Objects.requireNonNull(page, "runbooks.html is missing from the jar")
                    .readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void report(HttpExchange exchange) throws IOException {
        java.util.Optional<String> report;
        try {
            report = watcher.report();
        } catch (RuntimeException e) {
            text(exchange, 500, "building the report failed: " + Errors.oneLine(e) + "\n");
            return;
        }
        if (report.isPresent()) {
            send(exchange, 200, "text/html; charset=utf-8", report.get().getBytes(StandardCharsets.UTF_8));
        } else {
            text(exchange, 503, "loading the store; the report follows\n");
        }
    }

    private static long headerBytes(HttpExchange exchange) {
        long bytes = 0;
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            for (String v : h.getValue()) {
                bytes += h.getKey().length() + v.length() + 4;
            }
        }
        return bytes;
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
