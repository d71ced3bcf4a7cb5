package dev.verity.serve;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * How {@code serve} is reached: TLS and basic auth, read from a web configuration file in the
 * format of the Prometheus exporter toolkit (the {@code --web.config.file} of Prometheus and its
 * exporters), so an operator's existing file works unchanged:
 *
 * <pre>
 * tls_server_config:
 *   cert_file: serve.crt     # PEM, the server's certificate then its chain
 *   key_file: serve.key      # PEM, PKCS#8 (what openssl writes by default)
 *   min_version: TLS12       # or TLS13
 * basic_auth_users:
 *   prometheus: $2y$10$...   # bcrypt hashes (htpasswd -nBC 10)
 * </pre>
 *
 * Relative file names are relative to the configuration file, as in the toolkit. The toolkit's
 * keys Verity does not implement (client certificates, cipher suites, HTTP headers) are errors
 * rather than ignored, so nobody believes they hold.
 */
public record WebConfig(Optional<ServerTls> tls, Map<String, String> users) {
    /** Plain HTTP, no authentication: serve's default. */
    public static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of());

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    public WebConfig {
        users = Map.copyOf(users);
    }

    /** The TLS protocol versions the toolkit names, oldest first. */
    enum TlsVersion {
        TLS12("TLSv1.2"),
        TLS13("TLSv1.3");

        final String protocol;

        TlsVersion(String protocol) {
            this.protocol = protocol;
        }

        /** This version and every newer one, as the JDK names them. */
        String[] andNewer() {
            return java.util.Arrays.stream(values())
                    .filter(v -> v.compareTo(this) >= 0)
                    .map(v -> v.protocol)
                    .toArray(String[]::new);
        }
    }

    private record TlsForm(String certFile, String keyFile, TlsVersion minVersion) {}

    private record Form(TlsForm tlsServerConfig, Map<String, String> basicAuthUsers) {}

    public boolean authenticates() {
        return !users.isEmpty();
    }

    /** The configuration in {@code file}; any problem is a {@link BadInputException} naming the file and key. */
    public static WebConfig read(Path file) {
        Form form;
        try {
            form = YAML.readValue(file.toFile(), Form.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(file + ": " + YamlKeys.path(e)
                    + ": not a key verity serve supports (supported: " + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            throw new BadInputException(file + ": " + YamlKeys.path(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file + ": " + Errors.oneLine(e));
        }
        if (form == null) {
            throw new BadInputException(file + ": empty (give tls_server_config: and/or basic_auth_users:)");
        }
        Optional<ServerTls> tls = Optional.empty();
        if (form.tlsServerConfig() != null) {
            TlsForm t = form.tlsServerConfig();
            if (t.certFile() == null || t.keyFile() == null) {
                throw new BadInputException(file + ": tls_server_config: give both cert_file and key_file");
            }
            Path dir = file.toAbsolutePath().getParent();
            tls = Optional.of(ServerTls.load(
                    dir.resolve(t.certFile()),
                    dir.resolve(t.keyFile()),
                    t.minVersion() == null ? TlsVersion.TLS12 : t.minVersion()));
        }
        Map<String, String> users = form.basicAuthUsers() == null ? Map.of() : form.basicAuthUsers();
        List<String> notBcrypt = users.entrySet().stream()
                .filter(u -> !isBcrypt(u.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
        if (!notBcrypt.isEmpty()) {
            throw new BadInputException(file + ": basic_auth_users: " + String.join(", ", notBcrypt)
                    + ": not a bcrypt hash (make one with htpasswd -nBC 10 USER)");
        }
        return new WebConfig(tls, new LinkedHashMap<>(users));
    }

    private static boolean isBcrypt(String hash) {
        if (hash == null) {
            return false;
        }
        try {
            BCrypt.checkpw("", hash); // the library's own parse decides what a hash is
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
