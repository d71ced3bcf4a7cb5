package dev.verity.serve;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * HTTP basic auth against bcrypt hashes, as the exporter toolkit's {@code basic_auth_users}.
 * bcrypt is slow on purpose (tens of milliseconds a check), too slow for every scrape: a
 * password once verified is remembered by its SHA-256 for the life of the process, as the
 * toolkit does. An unknown user costs a bcrypt check too, so timing does not tell who exists.
 */
final class BcryptAuthenticator extends BasicAuthenticator {
    static final String REALM = "verity";

    private final Map<String, String> hashes;
    private final String unknownUserHash = BCrypt.hashpw("", BCrypt.gensalt());
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    BcryptAuthenticator(Map<String, String> hashes) {
        super(REALM, StandardCharsets.UTF_8);
        this.hashes = Map.copyOf(hashes);
    }

    /**
     * Any header that does not carry a user and password as RFC 7617 spells them (no header,
     * another scheme, Base64 that does not decode, no colon) is answered 401 like a wrong password;
     * the scheme name is case-insensitive.
     */
    @Override
    public Result authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String[] credentials = credentials(header);
        if (credentials != null && checkCredentials(credentials[0], credentials[1])) {
            return new Success(new HttpPrincipal(credentials[0], REALM));
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        return new Retry(401);
    }

    /** The user and password of a Basic authorization header; null when it holds none. */
    private static String[] credentials(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        String hash = hashes.get(user);
        String known = hash == null ? null : user + '\0' + sha256(password) + '\0' + hash;
        if (known != null && verified.contains(known)) {
            return true;
        }
        boolean matches = BCrypt.checkpw(password, hash == null ? unknownUserHash : hash) && hash != null;
        if (matches) {
            verified.add(known);
        }
        return matches;
    }

    private static String sha256(String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
