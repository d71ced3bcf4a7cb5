package dev.verity.jobs.telemetry;

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
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * OpenTelemetry for one Verity process: a trace per run (a root span for the command, a child
 * span per stage) and the job metrics (rows read, quarantined, evaluated; run duration).
 * Exported over OTLP/HTTP when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set, else written to a
 * log file ({@code VERITY_TELEMETRY_LOG}, default {@code verity-telemetry.log}). A batch job
 * ends before a periodic export would fire, so {@link #close} flushes both before exit.
 */
public final class Telemetry implements AutoCloseable {
    public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public static final String LOG = "VERITY_TELEMETRY_LOG";
    private static final AttributeKey<String> COMMAND = AttributeKey.stringKey("verity.command");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("verity.outcome");
    private static volatile Telemetry current;

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final LongCounter rows;
    private final DoubleHistogram duration;
    private final String command;
    private final Span root;
    private final Scope rootScope;
    private final long started = System.nanoTime();

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

    /** Starts telemetry for {@code command} from the process environment; the previous one, if any, is closed. */
    public static synchronized Telemetry start(Map<String, String> env, String command) {
        if (current != null) {
            current.close();
        }
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), env.getOrDefault("OTEL_SERVICE_NAME", "verity"))));
        SpanExporter spans;
        MetricExporter metrics;
        String endpoint = env.get(ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
            spans = OtlpHttpSpanExporter.builder()
                    .setEndpoint(base + "/v1/traces")
                    .build();
            metrics = OtlpHttpMetricExporter.builder()
                    .setEndpoint(base + "/v1/metrics")
                    .build();
        } else {
            logTo(env.getOrDefault(LOG, "verity-telemetry.log"));
            spans = LoggingSpanExporter.create();
            metrics = LoggingMetricExporter.create();
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setResource(resource)
                        .addSpanProcessor(BatchSpanProcessor.builder(spans).build())
                        .build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .setResource(resource)
                        .registerMetricReader(PeriodicMetricReader.builder(metrics)
                                .setInterval(Duration.ofMinutes(1))
                                .build())
                        .build())
                .build();
        current = new Telemetry(sdk, command);
        return current;
    }

    /** The running process's telemetry; null before {@link #start} (tests), where stages are not traced. */
    public static Telemetry current() {
        return current;
    }

    /** Runs {@code work} in a child span of the current span, marking it failed if it throws. */
    @SuppressWarnings("try") // the scope is held for what it does (making the span current), never read
    public <T> T span(String name, Supplier<T> work) {
        Span span = tracer.spanBuilder(name).setAttribute(COMMAND, command).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
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

    /** Ends the run's span with the exit code and flushes every span and metric. */
    public synchronized void close(int exitCode) {
        if (current != this) {
            return;
        }
        current = null;
        duration.record(
                (System.nanoTime() - started) / 1e9,
                Attributes.of(COMMAND, command, OUTCOME, exitCode == 0 ? "succeeded" : "failed"));
        root.setAttribute("verity.exit_code", exitCode);
        if (exitCode != 0) {
            root.setStatus(StatusCode.ERROR, "exit code " + exitCode);
        }
        rootScope.close();
        root.end();
        sdk.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        close(0);
    }

    private static void logTo(String path) {
        try {
            FileHandler file = new FileHandler(path, true);
            file.setFormatter(new SimpleFormatter());
            for (Class<?> exporter : new Class<?>[] {LoggingSpanExporter.class, LoggingMetricExporter.class}) {
                Logger logger = Logger.getLogger(exporter.getName());
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
