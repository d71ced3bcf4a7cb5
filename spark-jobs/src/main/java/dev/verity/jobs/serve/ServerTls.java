package dev.verity.jobs.serve;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import dev.verity.jobs.BadInputException;
import dev.verity.store.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The server side of TLS from PEM files, as Prometheus and its exporters take them: the
 * certificate file holds the server's certificate then its chain, the key file its private key
 * (PKCS#8, RSA or EC). The files are read once, when {@code serve} starts.
 */
public final class ServerTls {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    private static final String PKCS8 = "PRIVATE KEY";
    /** The key algorithms a PKCS#8 key may be for, tried in turn. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

    private final SSLContext context;
    private final String[] protocols;

    private ServerTls(SSLContext context, String[] protocols) {
        this.context = context;
        this.protocols = protocols;
    }

    static ServerTls load(Path certFile, Path keyFile, WebConfig.TlsVersion minVersion) {
        Certificate[] chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] noPassword = new char[0];
            store.setKeyEntry("serve", key, noPassword, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, noPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new ServerTls(context, minVersion.andNewer());
        } catch (GeneralSecurityException | IOException e) {
            throw new BadInputException(
                    keyFile + " and " + certFile + ": not a key and its certificate: " + Errors.oneLine(e));
        }
    }

    /** The JDK server's TLS settings: this context, only the allowed protocol versions. */
    HttpsConfigurator configurator() {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setProtocols(protocols);
                params.setSSLParameters(ssl);
            }
        };
    }

    private static Certificate[] certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)
                    .toArray(new Certificate[0]);
            if (chain.length == 0) {
                throw new BadInputException(file + ": no certificate in it (PEM, BEGIN CERTIFICATE)");
            }
            return chain;
        } catch (IOException e) {
            throw new BadInputException(file + ": " + Errors.oneLine(e));
        } catch (GeneralSecurityException e) {
            throw new BadInputException(file + ": not a PEM certificate: " + Errors.oneLine(e));
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BadInputException(file + ": " + Errors.oneLine(e));
        }
        Matcher block = PEM.matcher(pem);
        if (!block.find()) {
            throw new BadInputException(file + ": no PEM key in it (BEGIN PRIVATE KEY)");
        }
        if (!block.group(1).equals(PKCS8)) {
            throw new BadInputException(file + ": a '" + block.group(1) + "' block; give the key as PKCS#8 "
                    + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(2)));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm's key: try the next
            }
        }
        throw new BadInputException(file + ": not an " + String.join(", ", KEY_ALGORITHMS) + " private key");
    }
}
