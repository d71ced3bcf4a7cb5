package dev.verity.drift;

import java.util.Locale;

/**
 * How a feature's values are compared: as numbers on a line, or as unordered categories; or, for
 * the one row of a multivariate test, every feature at once.
 */
public enum FeatureKind {
    NUMERIC,
    CATEGORICAL,
    MULTIVARIATE;

    /** The name in output, the store and model cards. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FeatureKind ofId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
