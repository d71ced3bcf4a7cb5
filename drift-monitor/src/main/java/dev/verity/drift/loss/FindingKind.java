package dev.verity.drift.loss;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a monitor finding is about. Data loss means rows that should be in the log are not: a
 * window with no rows, a drop in rows, labels that stopped arriving. The others are quality
 * problems of rows that did arrive, or (relation changed) of what the rows say about the model.
 */
public enum FindingKind {
    MISSING_WINDOW(true),
    ROW_COUNT_DROP(true),
    LABEL_COVERAGE_DROP(true),
    NULL_RATE(false),
    DUPLICATE_IDS(false),
    ORPHAN_LABELS(false),
    SCHEMA_CHANGE(false),
    OUT_OF_RANGE(false),
    NEW_CATEGORY(false),
    BAD_TIMESTAMP(false),
    /** Written by {@code estimate}: the labels so far contradict a window's estimated AUC. */
    RELATION_CHANGED(false);

    private final boolean dataLoss;

    FindingKind(boolean dataLoss) {
        this.dataLoss = dataLoss;
    }

    public boolean isDataLoss() {
        return dataLoss;
    }

    /** The name in output, the store's {@code kind} column and the exported label. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FindingKind ofId(String id) {
        return Arrays.stream(values())
                .filter(k -> k.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown finding kind '" + id + "'"));
    }
}
