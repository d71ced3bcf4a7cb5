package dev.verity.store;

import java.util.Arrays;
import java.util.Locale;

/** What wrote a run: the {@code job} column of the runs table. */
public enum Job {
    EVALUATE,
    DRIFT,
    MONITOR,
    REPLAY,
    PAIR_REPLAY,
    SLICES,
    ESTIMATE,
    EXPLAIN,
    FAIRNESS,
    SWITCHBACK,
    OPTIMIZE,
    VACUUM;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Job ofId(String id) {
        return Arrays.stream(values())
                .filter(j -> j.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job " + id));
    }
}
