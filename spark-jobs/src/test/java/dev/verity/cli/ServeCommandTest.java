package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.serve.MetricsServer;
import dev.verity.store.prometheus.LabelValue;
import dev.verity.store.prometheus.PrometheusView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code verity serve --store S --objectives conf/objectives.yaml} as a process of its
 * own: it says where it listens, becomes ready once the store is loaded, and exports the example
 * objectives' thresholds on the store's series, having read the store without starting Spark.
 */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("verity serve: (http://127\\.0\\.0\\.1:\\d+)/metrics");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void serveWithTheExampleObjectivesExportsTheirThresholds() throws Exception {
        Path predictions = dir.resolve("p.csv");
        Path labels = dir.resolve("l.csv");
        StringBuilder p = new StringBuilder("prediction_id,ts,model,model_version,score\n");
        StringBuilder l = new StringBuilder("prediction_id,label,label_ts\n");
        for (int i = 0; i < 200; i++) {
            p.append("p")
                    .append(i)
                    .append(",2026-11-01T10:00:00Z,m,v1,")
                    .append((i % 10) / 10.0)
                    .append('\n');
            l.append("p").append(i).append(',').append(i % 3 == 0 ? 1 : 0).append(",2026-11-01T12:00:00Z\n");
        }
        Files.writeString(predictions, p);
        Files.writeString(labels, l);
        String store = dir.resolve("store").toString();
        CliRunner.Result evaluated =
                CliRunner.run(CliRunner.evaluate(predictions.toString(), labels.toString(), store));
        assertThat(evaluated.code()).as(evaluated.err()).isZero();

        Path objectives = Path.of("..", "conf", "objectives.yaml").toAbsolutePath();
        Process serve = CliRunner.process(
                dir,
                "serve",
                Map.of(),
                "serve",
                "--store",
                store,
                "--port",
                "0",
                "--objectives",
                objectives.toString());
        try {
            String base = awaitReady(serve, dir.resolve("serve.err"));
            String metrics = get(base + MetricsServer.METRICS).body();
            assertThat(metrics)
                    .contains(
                            "verity_objective_min{metric=\"auc\",model=\"m\",model_version=\"v1\",severity=\"critical\","
                                    + "slice=\"all\"} 0.7",
                            "verity_job_period_seconds{command=\"monitor\"} 3600.0");
            // Delta Kernel read the store: no Spark context, whose scheduler would have its thread
            assertThat(threads(serve)).contains("verity-store-watcher").doesNotContain("dag-scheduler");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void megabyteLongSliceNamesAreExportedShortenedCountedAndNamedInTheReport() throws Exception {
        String huge = "x".repeat(1 << 20);
        StringBuilder p = new StringBuilder("prediction_id,ts,model,model_version,score,country\n");
        StringBuilder l = new StringBuilder("prediction_id,label,label_ts\n");
        for (int i = 0; i < 100; i++) {
            String country = i == 0 ? huge + "A" : i == 1 ? huge + "B" : "US";
            p.append("p")
                    .append(i)
                    .append(",2026-11-01T10:00:00Z,m,v1,")
                    .append((i % 10) / 10.0)
                    .append(',');
            p.append(country).append('\n');
            l.append("p").append(i).append(',').append(i % 3 == 0 ? 1 : 0).append(",2026-11-01T12:00:00Z\n");
        }
        Path predictions = Files.writeString(dir.resolve("p.csv"), p);
        Path labels = Files.writeString(dir.resolve("l.csv"), l);
        String store = dir.resolve("store").toString();
        CliRunner.Result evaluated = CliRunner.run(
                CliRunner.evaluate(predictions.toString(), labels.toString(), store, "--slice-by", "country"));
        assertThat(evaluated.code()).as(evaluated.err()).isZero();

        Process serve = CliRunner.process(dir, "serve", Map.of(), "serve", "--store", store, "--port", "0");
        try {
            String base = awaitReady(serve, dir.resolve("serve.err"));
            String metrics = get(base + MetricsServer.METRICS).body();
            // two 1 MiB names on every series of their slices would be tens of megabytes
            assertThat(metrics.length()).isLessThan(200_000);
            assertThat(metrics).contains(PrometheusView.LABEL_VALUES_SHORTENED + " 2.0");
            assertThat(metrics.lines().filter(line -> line.startsWith("verity_model_metric{") && line.contains("~")))
                    .as("each long slice still a series of its own")
                    .extracting(line -> line.replaceAll(".*slice=\"([^\"]*)\".*", "$1"))
                    .containsOnly(
                            LabelValue.bounded("country=" + huge + "A"), LabelValue.bounded("country=" + huge + "B"));
            assertThat(get(base + MetricsServer.REPORT).body()).contains("Names shortened in the Prometheus export");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aBadWebConfigExitsTwoNamingTheFileAndKey() throws Exception {
        Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  alice: hunter2\n");
        CliRunner.Result result =
                CliRunner.run("serve", "--store", dir.resolve("store").toString(), "--web-config", web.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains(web + ": basic_auth_users: alice: not a bcrypt hash");
    }

    /** The base URL of a serve process, once it has loaded the store (at most two minutes). */
    static String awaitReady(Process serve, Path stderr) throws Exception {
        String base = awaitListening(serve, stderr);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (get(base + MetricsServer.READY).statusCode() != 200) {
            assertThat(System.nanoTime()).as("ready within 120 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        return base;
    }

    /** The base URL serve prints on stderr once it listens (at most a minute). */
    private static String awaitListening(Process serve, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.exists(stderr) ? Files.readString(stderr) : "");
            if (m.find()) {
                return m.group(1);
            }
            assertThat(serve.isAlive()).as(Files.readString(stderr)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not say where it listens: " + Files.readString(stderr));
    }

    /** The process's thread dump, by the JDK's jcmd beside the java running this test. */
    private static String threads(Process process) throws Exception {
        Path jcmd =
                Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                .redirectErrorStream(true)
                .start();
        String out = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.exitValue()).as(out).isZero();
        return out;
    }

    static HttpResponse<String> get(String url) throws Exception {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(url + ": " + e, e);
        }
    }

    @Test
    void objectivesNoSeriesCouldMeetOrNoMetricHasAreRefusedNamingFileObjectiveAndKey() throws Exception {
        Path typo = Files.writeString(
                dir.resolve("typo.yaml"),
                "objectives:\n  - metric: auc\n    at_least: 0.6\n    severity: warning\n"
                        + "  - metric: acu\n    at_least: 0.7\n    severity: critical\n");
        Path contradiction = Files.writeString(
                dir.resolve("contradiction.yaml"),
                "objectives:\n  - metric: auc\n    at_least: 0.9\n    at_most: 0.1\n    severity: warning\n");
        Path acrossTwo = Files.writeString(
                dir.resolve("two.yaml"),
                "objectives:\n  - model: m\n    metric: log_loss\n    at_least: 0.9\n    severity: warning\n"
                        + "  - metric: log_loss\n    at_most: 0.1\n    severity: critical\n");
        Path estimated = Files.writeString(
                dir.resolve("estimated.yaml"),
                "objectives:\n  - metric: estimated_auc\n    at_least: 0.7\n    severity: warning\n"
                        + "  - metric: ndcg@10\n    at_least: 0.3\n    severity: warning\n");
        String noStore = dir.resolve("no-store").toString();
        Map<Path, String> refused = Map.of(
                typo, "typo.yaml: objectives[1]: metric: 'acu' is not a metric Verity stores",
                contradiction, "contradiction.yaml: objectives[0]: at_least 0.9 is above at_most 0.1 for auc",
                acrossTwo, "two.yaml: objectives[0].at_least 0.9 is above objectives[1].at_most 0.1");
        for (Map.Entry<Path, String> file : refused.entrySet()) {
            CliRunner.Result r = CliRunner.run(
                    "serve", "--store", noStore, "--objectives", file.getKey().toString());
            assertThat(r.code()).isEqualTo(Verity.BAD_INPUT);
            assertThat(r.err()).contains(file.getValue());
        }
        // valid names of every kind pass the objectives and reach the store check
        CliRunner.Result valid = CliRunner.run("serve", "--store", noStore, "--objectives", estimated.toString());
        assertThat(valid.err()).contains("no evaluation store here");
    }
}
