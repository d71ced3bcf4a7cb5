package dev.verity.serve;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
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
        requireMatch(key, chain[0], keyFile, certFile);
        warnOutsideValidity(chain[0], certFile);
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

    /**
     * A key that is not the certificate's would let serve start and then fail every handshake:
     * the key signs a challenge that the certificate's public key must verify.
     */
    private static void requireMatch(PrivateKey key, Certificate certificate, Path keyFile, Path certFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519 signs as itself
        };
        byte[] challenge =
                "verity serve: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) { // a key of another algorithm than the certificate's
            matches = false;
        }
        if (!matches) {
            throw new BadInputException(keyFile + " is not the private key of the certificate in " + certFile
                    + ": every TLS handshake would fail");
        }
    }

    /** A certificate outside its validity period is served (the operator may be renewing it), with a warning. */
    private static void warnOutsideValidity(Certificate certificate, Path certFile) {
        if (certificate instanceof X509Certificate x509) {
            Instant now = Instant.now();
            if (now.isAfter(x509.getNotAfter().toInstant())) {
                System.err.println("verity serve: warning: " + certFile + ": the certificate expired on "
                        + x509.getNotAfter().toInstant() + "; clients that check it will refuse every connection");
            } else if (now.isBefore(x509.getNotBefore().toInstant())) {
                System.err.println("verity serve: warning: " + certFile + ": the certificate is not valid before "
                        + x509.getNotBefore().toInstant() + "; clients that check it will refuse every connection");
            }
        }
    }

    /** A file that cannot be read, said plainly (Java names only the path of a missing one). */
    private static BadInputException unreadable(Path file, IOException e) {
        return new BadInputException(
                file + ": " + (e instanceof NoSuchFileException ? "no such file" : Errors.oneLine(e)));
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
            throw unreadable(file, e);
        } catch (GeneralSecurityException e) {
            throw new BadInputException(file + ": not a PEM certificate: " + Errors.oneLine(e));
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw unreadable(file, e);
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
