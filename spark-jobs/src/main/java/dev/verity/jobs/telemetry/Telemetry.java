package dev.verity.jobs.telemetry;

import dev.verity.jobs.Stage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * OpenTelemetry for one Verity process: a trace per run (a root span for the command, a child
 * span per stage) and the job metrics (rows read, quarantined, evaluated; run duration). The SDK
 * is configured as any OpenTelemetry SDK is, from the {@code OTEL_*} variables (or {@code otel.*}
 * system properties), by the SDK's autoconfigure module. Verity's own defaults only fill what is
 * unset: service name {@code verity}; spans and metrics go over OTLP when an OTLP endpoint is
 * configured, to the text file {@code VERITY_TELEMETRY_LOG} when that is set, else nowhere. A
 * batch job ends before a periodic export would fire, so {@link #close} flushes both before exit.
 */
public final class Telemetry implements AutoCloseable {
    /** The environment variable naming a file to write spans and metrics to as text. */
    public static final String LOG = "VERITY_TELEMETRY_LOG";

    // The SDK's own default protocol is gRPC, which the JDK's HTTP client cannot send.
    private static final Map<String, String> DEFAULTS = Map.of("otel.exporter.otlp.protocol", "http/protobuf");
    private static final String LOG_PROPERTY = "verity.telemetry.log";
    private static final String SERVICE = "verity";
    private static final List<String> ENDPOINTS = List.of(
            "otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.metrics.endpoint");
    private static final List<String> PROTOCOLS = List.of(
            "otel.exporter.otlp.protocol", "otel.exporter.otlp.traces.protocol", "otel.exporter.otlp.metrics.protocol");
    private static final AttributeKey<String> COMMAND = AttributeKey.stringKey("verity.command");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("verity.outcome");
    // OpenTelemetry semantic conventions
    private static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("process.exit.code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    // JUL keeps loggers weakly: held here so the file handler set on them stays until the exporters log
    private static final List<Logger> EXPORT_LOGGERS = List.of(
            Logger.getLogger(LoggingSpanExporter.class.getName()),
            Logger.getLogger(LoggingMetricExporter.class.getName()));
    private static volatile Telemetry current;

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final LongCounter rows;
    private final DoubleHistogram duration;
    private final String command;
    private final Span root;
    private final Scope rootScope;
    private final long started = System.nanoTime();
    private boolean failed;

    private Telemetry(OpenTelemetrySdk sdk, String command) {
        this.sdk = sdk;
        this.command = command;
        this.tracer = sdk.getTracer("dev.verity");
        Meter meter = sdk.getMeter("dev.verity");
        this.rows = meter.counterBuilder("verity.job.rows")
                .setUnit("{row}")
                .setDescription("Input rows of a job by outcome: read, quarantined, evaluated, replayed, mismatched")
                .build();
        this.duration = meter.histogramBuilder("verity.job.duration")
                .setUnit("s")
                .setDescription("Wall time of a job")
                .build();
        this.root = tracer.spanBuilder("verity " + command)
                .setAttribute(COMMAND, command)
                .startSpan();
        this.rootScope = root.makeCurrent();
    }

    /** Starts telemetry for {@code command} from the process's environment; the previous one, if any, is closed. */
    public static Telemetry start(String command) {
        return start(command, Map.of());
    }

    /**
     * As {@link #start(String)}, with {@code fallbacks} ({@code otel.*} properties) below what the
     * environment and the system properties say.
     *
     * @throws ConfigurationException when the {@code OTEL_*} settings are invalid or ask for gRPC
     */
    public static synchronized Telemetry start(String command, Map<String, String> fallbacks) {
        if (current != null) {
            current.close();
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                .addPropertiesSupplier(() -> fallbacks)
                .addPropertiesCustomizer(Telemetry::exporters)
                .addResourceCustomizer(Telemetry::serviceName)
                .disableShutdownHook() // close() flushes, after the command's last span has ended
                .build()
                .getOpenTelemetrySdk();
        current = new Telemetry(sdk, command);
        return current;
    }

    /** Exporters for the signals the user left unset: OTLP if an endpoint is set, the text log if asked for. */
    private static Map<String, String> exporters(ConfigProperties config) {
        for (String protocol : PROTOCOLS) {
            if ("grpc".equals(config.getString(protocol))) {
                throw new ConfigurationException(
                        protocol.toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                                + "=grpc: Verity sends OTLP over HTTP (http/protobuf or http/json, the collector's port 4318)");
            }
        }
        List<String> chosen = new ArrayList<>();
        if (ENDPOINTS.stream().anyMatch(key -> config.getString(key) != null)) {
            chosen.add("otlp");
        }
        String log = config.getString(LOG_PROPERTY);
        if (log != null && !log.isBlank()) {
            logTo(log);
            chosen.add("console");
        }
        String exporters = chosen.isEmpty() ? "none" : String.join(",", chosen);
        Map<String, String> defaults = new HashMap<>();
        for (String signal : List.of("otel.traces.exporter", "otel.metrics.exporter")) {
            if (config.getString(signal) == null) {
                defaults.put(signal, exporters);
            }
        }
        if (config.getString("otel.logs.exporter") == null) {
            defaults.put("otel.logs.exporter", "none"); // the jobs log through log4j, not OpenTelemetry
        }
        return defaults;
    }

    /** {@code verity} unless OTEL_SERVICE_NAME or a service.name resource attribute names the service. */
    private static Resource serviceName(Resource resource, ConfigProperties config) {
        String name = resource.getAttribute(SERVICE_NAME);
        return name == null || name.startsWith("unknown_service")
                ? resource.merge(Resource.create(Attributes.of(SERVICE_NAME, SERVICE)))
                : resource;
    }

    /** The running process's telemetry; null before {@link #start} (tests), where stages are not traced. */
    public static Telemetry current() {
        return current;
    }

    /** Runs {@code work} in a child span of the current span, marking it failed if it throws. */
    @SuppressWarnings("try") // the scope is held for what it does (making the span current), never read
    public <T> T span(Stage stage, Supplier<T> work) {
        Span span = tracer.spanBuilder(stage.span())
                .setAllAttributes(stage.attributes())
                .setAttribute(COMMAND, command)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            markFailed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Counts rows with an outcome (read, quarantined, evaluated, ...) and notes them on the current span. */
    public void rows(String outcome, long count) {
        rows.add(count, Attributes.of(COMMAND, command, OUTCOME, outcome));
        Span.current().setAttribute("verity.rows." + outcome, count);
    }

    /** Marks the run failed by {@code error} (the command's exit code follows in {@link #close(int)}). */
    public synchronized void failed(Throwable error) {
        failed = true;
        markFailed(root, error);
    }

    /** Ends the run's span with the exit code and flushes every span and metric. */
    public synchronized void close(int exitCode) {
        if (current != this) {
            return;
        }
        current = null;
        duration.record(
                (System.nanoTime() - started) / 1e9,
                Attributes.of(COMMAND, command, OUTCOME, failed ? "failed" : "succeeded"));
        root.setAttribute(EXIT_CODE, (long) exitCode);
        rootScope.close();
        root.end();
        sdk.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        close(0);
    }

    private static void markFailed(Span span, Throwable error) {
        span.recordException(error);
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR, error.getMessage() == null ? error.toString() : error.getMessage());
    }

    private static void logTo(String path) {
        try {
            FileHandler file = new FileHandler(path, true);
            file.setFormatter(new SimpleFormatter());
            for (Logger logger : EXPORT_LOGGERS) {
                for (java.util.logging.Handler h : logger.getHandlers()) {
                    logger.removeHandler(h);
                    h.close();
                }
                logger.addHandler(file);
                logger.setUseParentHandlers(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the telemetry log " + path, e);
        }
    }
}
