package dev.verity.store.prometheus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Label values as serve exports them: at most {@link #MAX_BYTES} bytes of UTF-8, so a slice
 * named by a megabyte-long value cannot make every scrape megabytes long. A longer value keeps
 * its start and ends in a short hash of the whole, so two long values stay two series.
 */
public final class LabelValue {
    public static final int MAX_BYTES = 256;

    /** Before the hash, so a reader sees that the value was cut. */
    static final String CUT = "~";

    private static final int HASH_HEX_CHARS = 16;

    private LabelValue() {}

    /** {@code value} itself when short enough, else its longest prefix that fits with the cut mark and hash. */
    public static String bounded(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) {
            return value;
        }
        int room = MAX_BYTES - CUT.length() - HASH_HEX_CHARS;
        StringBuilder prefix = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > room) {
                break;
            }
            prefix.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return prefix + CUT + HexFormat.of().formatHex(sha256(utf8)).substring(0, HASH_HEX_CHARS);
    }

    /** True when {@link #bounded} shortens {@code value}. */
    public static boolean tooLong(String value) {
        return value != null && value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
