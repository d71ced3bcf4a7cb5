package dev.verity.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.verity.jobs.Progress;
import dev.verity.jobs.serve.MetricsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryTest {
    @TempDir
    Path dir;

    @Test
    void withoutAnEndpointSpansAndMetricsGoToTheLogWhenTheRunCloses() throws IOException {
        Path log = dir.resolve("telemetry.log");
        Telemetry telemetry = Telemetry.start(Map.of(Telemetry.LOG, log.toString()), "evaluate");
        Progress progress = new Progress("evaluate", System.err, true);
        progress.stage("validating and quarantining bad rows", () -> Progress.rows("quarantined", 3));
        Progress.rows("read", 120);
        assertThatThrownBy(() -> progress.stage("writing metric rows", () -> {
                    throw new IllegalStateException("disk full");
                }))
                .hasMessage("disk full");
        telemetry.close(1);

        String text = Files.readString(log);
        assertThat(text)
                .contains(
                        "'validating and quarantining bad rows'",
                        "'writing metric rows'",
                        "'verity evaluate'",
                        "verity.rows.quarantined=3",
                        "verity.rows.read=120",
                        "verity.job.rows",
                        "verity.job.duration");
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
        Telemetry telemetry = Telemetry.start(Map.of(Telemetry.LOG, log.toString()), "evaluate");
        new dev.verity.jobs.evaluate.EvaluateJob(dev.verity.jobs.TestSpark.spark(), Progress.silent())
                .run(new dev.verity.jobs.evaluate.EvaluateJob.Config(
                        predictions.toString(),
                        labels.toString(),
                        null,
                        null,
                        dir.resolve("store").toString(),
                        dev.verity.metrics.Task.BINARY,
                        dev.verity.jobs.evaluate.SliceSpec.none(),
                        dev.verity.jobs.WindowSpec.parse("all"),
                        86400,
                        0.5,
                        new int[] {5},
                        "test"));
        telemetry.close(0);
        String text = Files.readString(log);
        assertThat(text)
                .contains(
                        "'validating and quarantining bad rows'",
                        "verity.rows.quarantined=1",
                        "'joining labels within the label window'",
                        "verity.rows.distinct=2",
                        "verity.rows.labelled=2",
                        "'computing metrics for every model, window and slice'",
                        "verity.rows.evaluated=2",
                        "verity.rows.read=5");
    }

    @Test
    void withAnEndpointEverySpanAndMetricIsPostedOverOtlpBeforeClosingReturns() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        MetricsServer.configureJdkServer(); // the JVM's first HttpServer fixes the limits ServeTest checks
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.length);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
            Telemetry telemetry = Telemetry.start(Map.of(Telemetry.ENDPOINT, endpoint), "replay");
            new Progress("replay", System.err, true).stage("replaying", () -> Progress.rows("replayed", 10));
            telemetry.close(0);
        } finally {
            collector.stop(0);
        }
        assertThat(received).anySatisfy(r -> assertThat(r).startsWith("/v1/traces application/x-protobuf"));
        assertThat(received).anySatisfy(r -> assertThat(r).startsWith("/v1/metrics application/x-protobuf"));
    }
}
