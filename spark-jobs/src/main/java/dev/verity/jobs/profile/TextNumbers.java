package dev.verity.jobs.profile;

import com.fasterxml.jackson.core.io.NumberInput;
import java.util.Locale;
import java.util.Map;

/**
 * A text value as a number, as Spark casts text to a double (trimmed; NaN and the infinities by
 * name), by Jackson's fast parser: a profile of a CSV column parses every value, and the text
 * that cannot be a number is turned away before an exception is thrown.
 */
final class TextNumbers {
    private static final Map<String, Double> NAMED = Map.of(
            "nan", Double.NaN,
            "inf", Double.POSITIVE_INFINITY,
            "+inf", Double.POSITIVE_INFINITY,
            "infinity", Double.POSITIVE_INFINITY,
            "+infinity", Double.POSITIVE_INFINITY,
            "-inf", Double.NEGATIVE_INFINITY,
            "-infinity", Double.NEGATIVE_INFINITY);

    private TextNumbers() {}

    /** The number {@code text} writes, or null when it writes none. */
    static Double parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        char first = trimmed.charAt(0);
        boolean numeral = (first >= '0' && first <= '9') || first == '.' || first == '+' || first == '-';
        if (numeral) {
            try {
                return NumberInput.parseDouble(trimmed, true);
            } catch (NumberFormatException notANumeral) {
                // "-inf" and the like fall through to the names
            }
        }
        return NAMED.get(trimmed.toLowerCase(Locale.ROOT));
    }
}
