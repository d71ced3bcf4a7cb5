package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verity.cli.CliRunner;
import dev.verity.store.BadInputException;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.prometheus.ExportSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --web-config}: TLS from PEM files openssl made and basic auth against a bcrypt hash
 * htpasswd made, checked with the JDK's client and by a real Prometheus scraping over HTTPS with
 * its own {@code basic_auth} and {@code tls_config}.
 */
class ServeWebConfigTest {
    /** Made by {@code htpasswd -nbBC 10 prometheus s3cret} (apache2-utils), not by the library checking it. */
    private static final String HTPASSWD_HASH = "$2y$10$XNadwEX9x4Dleqn6MuKzIOqDDP68Lzvy59lVuY2MI52hRfHKSCz.G";

    private static final String USER = "prometheus";
    private static final String PASSWORD = "s3cret";

    @TempDir
    static Path shared;

    private static EvaluationStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void storeAndCertificate() throws Exception {
        store = StoreFixture.write(shared.resolve("store").toString());
        openssl(
                shared,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "serve.key",
                "-out",
                "serve.crt",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1");
    }

    @Test
    void metricsOnlyOverTlsAndOnlyWithThePassword() throws Exception {
        WebConfig web = WebConfig.read(config(shared, "TLS12"));
        HttpClient client = client(shared.resolve("serve.crt"), null);
        try (StoreWatcher watcher =
                        new StoreWatcher(StoreFixture.reader(store), ExportSettings.defaults(100)).start(3600);
                MetricsServer server = new MetricsServer("127.0.0.1", 0, watcher, web)) {
            assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
            String metrics = server.baseUrl() + MetricsServer.METRICS;

            HttpResponse<String> anonymous = client.send(request(metrics, null), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm=\"verity\""));
            assertThat(client.send(request(metrics, USER + ":wrong"), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(client.send(request(metrics, "nobody:" + PASSWORD), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);

            // RFC 7617: malformed credentials are refused like wrong ones; the scheme is case-insensitive
            String base64NoColon = Base64.getEncoder().encodeToString("prometheus".getBytes(StandardCharsets.UTF_8));
            for (String malformed : List.of("Basic !!!", "Basic " + base64NoColon, "Basic", "Bearer abc")) {
                HttpResponse<String> refused = client.send(
                        HttpRequest.newBuilder(URI.create(metrics))
                                .header("Authorization", malformed)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(malformed).isEqualTo(401);
            }
            String lowercase = "basic "
                    + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(client.send(
                                    HttpRequest.newBuilder(URI.create(metrics))
                                            .header("Authorization", lowercase)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);

            for (int scrape = 0; scrape < 2; scrape++) { // the second from the verified-password cache
                HttpResponse<String> ok =
                        client.send(request(metrics, USER + ":" + PASSWORD), HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.body()).contains("verity_runs_total");
            }
            HttpClient plain = HttpClient.newHttpClient();
            String overHttp = metrics.replace("https://", "http://");
            assertThatThrownBy(() ->
                            plain.send(request(overHttp, USER + ":" + PASSWORD), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void minVersionTurnsAwayOlderClients() throws Exception {
        WebConfig web = WebConfig.read(config(shared, "TLS13"));
        try (StoreWatcher watcher =
                        new StoreWatcher(StoreFixture.reader(store), ExportSettings.defaults(100)).start(3600);
                MetricsServer server = new MetricsServer("127.0.0.1", 0, watcher, web)) {
            String healthy = server.baseUrl() + MetricsServer.HEALTHY;
            HttpClient tls12 = client(shared.resolve("serve.crt"), "TLSv1.2");
            assertThatThrownBy(() ->
                            tls12.send(request(healthy, USER + ":" + PASSWORD), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            HttpClient tls13 = client(shared.resolve("serve.crt"), "TLSv1.3");
            assertThat(tls13.send(request(healthy, USER + ":" + PASSWORD), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void prometheusScrapesOverTlsWithBasicAuth() throws Exception {
        LocalPrometheus.assumeInstalled();
        WebConfig web = WebConfig.read(config(shared, "TLS12"));
        try (StoreWatcher watcher =
                        new StoreWatcher(StoreFixture.reader(store), ExportSettings.defaults(100)).start(3600);
                MetricsServer server = new MetricsServer("127.0.0.1", 0, watcher, web)) {
            String config = LocalPrometheus.scrapeConfig(
                    server.port(),
                    "    scheme: https",
                    "    tls_config:",
                    "      ca_file: " + shared.resolve("serve.crt"),
                    "    basic_auth:",
                    "      username: " + USER,
                    "      password: " + PASSWORD);
            try (LocalPrometheus prometheus = LocalPrometheus.start(dir, config, dir.resolve("tsdb"))) {
                JsonNode runs = prometheus.poll("verity_runs_total{command=\"evaluate\",status=\"succeeded\"}");
                assertThat(runs.get("value").get(1).asDouble()).isEqualTo(1.0);
                JsonNode up = prometheus.poll("up{job=\"verity\"}");
                assertThat(up.get("value").get(1).asText()).isEqualTo("1");
            }
        }
    }

    @Test
    void aMistakeInTheFileNamesTheFileAndTheKey() throws Exception {
        Path unsupported = Files.writeString(
                dir.resolve("mtls.yml"), "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: x\n");
        assertThatThrownBy(() -> WebConfig.read(unsupported))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(unsupported.toString())
                .hasMessageContaining("tls_server_config.client_auth_type: not a key verity serve supports");

        Path plainPassword = Files.writeString(dir.resolve("plain.yml"), "basic_auth_users:\n  alice: hunter2\n");
        assertThatThrownBy(() -> WebConfig.read(plainPassword))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("basic_auth_users: alice: not a bcrypt hash");

        Path noCert = Files.writeString(
                dir.resolve("nocert.yml"), "tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n");
        assertThatThrownBy(() -> WebConfig.read(noCert))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir.resolve("missing.crt") + ": no such file");

        Path badVersion = Files.writeString(dir.resolve("version.yml"), "tls_server_config:\n  min_version: TLS9\n");
        assertThatThrownBy(() -> WebConfig.read(badVersion))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("tls_server_config.min_version");

        openssl(dir, "genrsa", "-traditional", "-out", "pkcs1.key", "2048");
        Files.copy(shared.resolve("serve.crt"), dir.resolve("serve.crt"));
        Path pkcs1 = Files.writeString(
                dir.resolve("pkcs1.yml"), "tls_server_config:\n  cert_file: serve.crt\n  key_file: pkcs1.key\n");
        assertThatThrownBy(() -> WebConfig.read(pkcs1))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'RSA PRIVATE KEY'")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAndAnExpiredCertificateWarnedAbout() throws Exception {
        String noStore = dir.resolve("no-store").toString();
        openssl(dir, "genpkey", "-algorithm", "RSA", "-out", "other.key");
        Files.copy(shared.resolve("serve.crt"), dir.resolve("serve.crt"));
        Path mismatch = Files.writeString(
                dir.resolve("mismatch.yml"), "tls_server_config:\n  cert_file: serve.crt\n  key_file: other.key\n");
        CliRunner.Result refused = CliRunner.run("serve", "--store", noStore, "--web-config", mismatch.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err())
                .contains(dir.resolve("other.key") + " is not the private key of the certificate in "
                        + dir.resolve("serve.crt"));

        // a certificate valid for one day in 2020, self-signed by openssl's CA command
        Files.writeString(
                dir.resolve("ca.cnf"),
                String.join(
                        "\n",
                        "[ca]",
                        "default_ca = here",
                        "[here]",
                        "database = index.txt",
                        "new_certs_dir = .",
                        "serial = serial",
                        "default_md = sha256",
                        "policy = any",
                        "[any]",
                        "commonName = supplied",
                        ""));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "01\n");
        openssl(
                dir,
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "old.key",
                "-out",
                "old.csr",
                "-subj",
                "/CN=127.0.0.1");
        openssl(
                dir,
                "ca",
                "-batch",
                "-notext",
                "-config",
                "ca.cnf",
                "-selfsign",
                "-keyfile",
                "old.key",
                "-in",
                "old.csr",
                "-out",
                "old.crt",
                "-startdate",
                "20200101000000Z",
                "-enddate",
                "20200102000000Z");
        Path expired = Files.writeString(
                dir.resolve("expired.yml"), "tls_server_config:\n  cert_file: old.crt\n  key_file: old.key\n");
        CliRunner.Result warned = CliRunner.run("serve", "--store", noStore, "--web-config", expired.toString());
        assertThat(warned.err())
                .contains(dir.resolve("old.crt") + ": the certificate expired on 2020-01-02T00:00:00Z")
                .contains("no evaluation store here"); // served all the same, had there been a store
    }

    /** A web config beside the certificate, naming it relatively, with the htpasswd user. */
    private static Path config(Path dir, String minVersion) throws IOException {
        return Files.writeString(
                dir.resolve("web-" + minVersion + ".yml"),
                String.join(
                        "\n",
                        "tls_server_config:",
                        "  cert_file: serve.crt",
                        "  key_file: serve.key",
                        "  min_version: " + minVersion,
                        "basic_auth_users:",
                        "  " + USER + ": " + HTPASSWD_HASH,
                        ""));
    }

    /** A client that trusts only {@code cert}, speaking only {@code protocol} if given. */
    private static HttpClient client(Path cert, String protocol) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry(
                    "serve", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5));
        if (protocol != null) {
            SSLParameters only = context.getDefaultSSLParameters();
            only.setProtocols(new String[] {protocol});
            builder.sslParameters(only);
        }
        return builder.build();
    }

    private static HttpRequest request(String url, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    private static void openssl(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
