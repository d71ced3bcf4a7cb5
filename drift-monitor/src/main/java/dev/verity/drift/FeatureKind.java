package dev.verity.drift;

import java.util.Locale;

/** How a feature's values are compared: as numbers on a line, or as unordered categories. */
public enum FeatureKind {
    NUMERIC,
    CATEGORICAL;

    /** The name in output, the store and model cards. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FeatureKind ofId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
