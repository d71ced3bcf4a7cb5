package dev.verity.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.verity.cli.CliRunner;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.evaluate.MetricOptions;
import dev.verity.serve.MetricsServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryTest {
    private static final String LOG = "verity.telemetry.log"; // VERITY_TELEMETRY_LOG as a property

    @TempDir
    Path dir;

    /** What a loopback OTLP/HTTP collector received: the path, the authorization header, the body. */
    record Export(String path, String authorization, String contentType, byte[] body) {}

    @Test
    void withTheTelemetryLogSpansAndMetricsGoToItWhenTheRunCloses() throws IOException {
        Path log = dir.resolve("telemetry.log");
        Telemetry telemetry = Telemetry.start("evaluate", Map.of(LOG, log.toString()));
        Progress progress = new Progress("evaluate", System.err, true);
        progress.stage(Stage.of("validate_rows", "validating"), () -> Progress.rows("quarantined", 3));
        Progress.rows("read", 120);
        assertThatThrownBy(() -> progress.stage(
                        Stage.of("write_metrics", "writing 6048 metric rows to /data/s")
                                .with(Stage.STORE, "/data/s"),
                        () -> {
                            throw new IllegalStateException("disk full");
                        }))
                .hasMessage("disk full");
        telemetry.failed(new IllegalStateException("disk full"));
        telemetry.close(1);

        String text = Files.readString(log);
        assertThat(text)
                .contains(
                        "'validate_rows'",
                        "'write_metrics'",
                        "'verity evaluate'",
                        "verity.store.path=/data/s",
                        "error.type=java.lang.IllegalStateException",
                        "process.exit.code=1",
                        "verity.rows.quarantined=3",
                        "verity.rows.read=120",
                        "verity.job.rows",
                        "verity.job.duration")
                .doesNotContain("6048"); // counts and paths are attributes, never in a span name
        assertThat(Telemetry.current()).isNull();
    }

    @Test
    void anEvaluateRunIsOneTraceWithASpanPerStageCarryingRowCounts() throws IOException {
        Path predictions = dev.verity.jobs.TestSpark.write(
                dir,
                "p.csv",
                "prediction_id,ts,model,model_version,score",
                "a,2026-11-01T00:00:00Z,m,v1,0.9",
                "b,2026-11-01T00:01:00Z,m,v1,0.2",
                "c,2026-11-01T00:02:00Z,m,v1,not-a-score");
        Path labels = dev.verity.jobs.TestSpark.write(
                dir, "l.csv", "prediction_id,label,label_ts", "a,1,2026-11-01T01:00:00Z", "b,0,2026-11-01T01:00:00Z");
        Path log = dir.resolve("evaluate.log");
        String store = dir.resolve("store").toString();
        Telemetry telemetry = Telemetry.start("evaluate", Map.of(LOG, log.toString()));
        new dev.verity.jobs.evaluate.EvaluateJob(dev.verity.jobs.TestSpark.spark(), Progress.silent())
                .run(new dev.verity.jobs.evaluate.EvaluateJob.Config(
                        new dev.verity.jobs.LabelledInputs(
                                predictions.toString(), labels.toString(), null, null, 86400),
                        store,
                        dev.verity.metrics.Task.BINARY,
                        dev.verity.jobs.evaluate.SliceSpec.none(),
                        dev.verity.jobs.WindowSpec.parse("all"),
                        MetricOptions.defaults(5),
                        "test",
                        dev.verity.jobs.evaluate.InputScope.ALL));
        telemetry.close(0);
        String text = Files.readString(log);
        assertThat(text)
                .contains(
                        "'validate_rows'",
                        "verity.rows.quarantined=1",
                        "'join_labels'",
                        "verity.rows.distinct=2",
                        "verity.rows.labelled=2",
                        "'compute_metrics'",
                        "verity.rows.evaluated=2",
                        "'write_metrics'",
                        "verity.store.path=" + store,
                        "verity.rows.read=5");
    }

    @Test
    void otlpSettingsComeFromTheOtelPropertiesAndEveryExportCarriesTheirHeaderAndResource() throws IOException {
        List<Export> received = collect(collector -> {
            Telemetry telemetry = Telemetry.start(
                    "replay",
                    Map.of(
                            "otel.exporter.otlp.endpoint", collector,
                            "otel.exporter.otlp.headers", "authorization=Bearer s3cret",
                            "otel.resource.attributes", "deployment.environment.name=ci"));
            new Progress("replay", System.err, true)
                    .stage(Stage.of("replay", "replaying t.parquet").with(Stage.INPUT, "t.parquet"), () -> {
                        Progress.rows("replayed", 10);
                    });
            telemetry.close(0);
        });
        ResourceSpans traces = assertEveryExportCarriesTheHeaderAndResource(received, "verity");
        Map<String, Span> spans = spans(traces);
        assertThat(spans).containsOnlyKeys("verity replay", "replay");
        assertThat(attributes(spans.get("replay").getAttributesList()))
                .containsEntry("verity.input.path", "t.parquet")
                .containsEntry("verity.rows.replayed", "10");
        assertThat(attributes(spans.get("verity replay").getAttributesList())).containsEntry("process.exit.code", "0");
    }

    @Test
    void theCliIsConfiguredByTheOtelEnvironmentVariables() throws Exception {
        List<Export> received = collect(collector -> {
            Process verity = CliRunner.process(
                    dir,
                    "metrics",
                    Map.of(
                            "OTEL_EXPORTER_OTLP_ENDPOINT", collector,
                            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                            "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer s3cret",
                            "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=ci",
                            "OTEL_SERVICE_NAME", "verity-nightly"),
                    "metrics"); // without its required --store: exit 2 before Spark starts
            assertThat(verity.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(verity.exitValue()).isEqualTo(2);
        });
        ResourceSpans traces = assertEveryExportCarriesTheHeaderAndResource(received, "verity-nightly");
        assertThat(attributes(spans(traces).get("verity metrics").getAttributesList()))
                .containsEntry("process.exit.code", "2")
                .containsEntry("error.type", "picocli.CommandLine$MissingParameterException");
        // Nothing was asked to be written: the working directory holds only the process's output.
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("metrics.out", "metrics.err");
        }
    }

    @Test
    void grpcIsRefusedWithTheSettingToChange() {
        assertThatThrownBy(() -> Telemetry.start("evaluate", Map.of("otel.exporter.otlp.protocol", "grpc")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("OTEL_EXPORTER_OTLP_PROTOCOL=grpc: Verity sends OTLP over HTTP");
    }

    interface Client {
        void run(String endpoint) throws Exception;
    }

    /** Runs {@code client} against a loopback OTLP/HTTP collector and returns what it received. */
    private static List<Export> collect(Client client) throws IOException {
        List<Export> received = new CopyOnWriteArrayList<>();
        MetricsServer.configureJdkServer(); // the JVM's first HttpServer fixes the limits ServeTest checks
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            received.add(new Export(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            client.run("http://127.0.0.1:" + collector.getAddress().getPort());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            collector.stop(0);
        }
        return received;
    }

    /**
     * Traces and metrics both arrived as OTLP protobuf with the authorization header, under a
     * resource with the deployment attribute and {@code service}; the traces' resource is returned.
     */
    private static ResourceSpans assertEveryExportCarriesTheHeaderAndResource(List<Export> received, String service)
            throws IOException {
        assertThat(received).extracting(Export::path).contains("/v1/traces", "/v1/metrics");
        assertThat(received).allSatisfy(e -> {
            assertThat(e.authorization()).isEqualTo("Bearer s3cret");
            assertThat(e.contentType()).isEqualTo("application/x-protobuf");
        });
        ResourceSpans traces = traces(received);
        assertThat(attributes(traces.getResource().getAttributesList()))
                .containsEntry("deployment.environment.name", "ci")
                .containsEntry("service.name", service);
        assertThat(attributes(metricsResource(received).getAttributesList()))
                .containsEntry("deployment.environment.name", "ci");
        return traces;
    }

    private static byte[] body(List<Export> received, String path) {
        return received.stream()
                .filter(e -> e.path().equals(path))
                .findFirst()
                .orElseThrow()
                .body();
    }

    private static ResourceSpans traces(List<Export> received) throws IOException {
        return ExportTraceServiceRequest.parseFrom(body(received, "/v1/traces")).getResourceSpans(0);
    }

    private static Resource metricsResource(List<Export> received) throws IOException {
        return ExportMetricsServiceRequest.parseFrom(body(received, "/v1/metrics"))
                .getResourceMetrics(0)
                .getResource();
    }

    /** Every span of a resource by name. */
    private static Map<String, Span> spans(ResourceSpans resource) {
        Map<String, Span> byName = new HashMap<>();
        for (ScopeSpans scope : resource.getScopeSpansList()) {
            for (Span span : scope.getSpansList()) {
                byName.put(span.getName(), span);
            }
        }
        return byName;
    }

    /** OTLP attributes as key to value text (string or integer values). */
    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> values = new HashMap<>();
        for (KeyValue attribute : attributes) {
            AnyValue value = attribute.getValue();
            values.put(
                    attribute.getKey(),
                    value.hasIntValue() ? Long.toString(value.getIntValue()) : value.getStringValue());
        }
        return values;
    }
}
