package dev.verity.jobs.io;

import java.util.Locale;

/** The formats an input log can have; {@code --input-format} names one in lower case. */
public enum InputFormat {
    DELTA,
    PARQUET,
    CSV,
    JSON;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
