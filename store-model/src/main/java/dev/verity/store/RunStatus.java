package dev.verity.store;

import java.util.Locale;

/**
 * The {@code status} of a row in {@code _verity/runs}. A run's row is written as
 * {@link #RUNNING} before the run writes anything else, and replaced when it ends, so no result
 * row exists without its run; a row still running after its process died marks the crash.
 */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus ofId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
