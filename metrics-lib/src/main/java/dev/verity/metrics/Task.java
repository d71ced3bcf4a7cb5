package dev.verity.metrics;

import java.util.Arrays;
import java.util.Locale;

/** What the model predicts, which decides the label rules and the metric family. */
public enum Task {
    BINARY,
    RANKING,
    REGRESSION;

    /** The name in flags and in the store's {@code task} column. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task ofId(String id) {
        return Arrays.stream(values())
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task '" + id + "'"));
    }
}
