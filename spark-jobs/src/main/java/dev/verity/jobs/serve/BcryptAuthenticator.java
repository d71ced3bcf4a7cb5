package dev.verity.jobs.serve;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
