package dev.verity.store.prometheus;

import java.util.Locale;

/** How urgent an alert is, as alert routing commonly names it: critical pages someone, warning files a ticket. */
public enum Severity {
    CRITICAL,
    WARNING;

    /** The label value: {@code critical}, {@code warning}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
