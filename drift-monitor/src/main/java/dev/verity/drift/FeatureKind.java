package dev.verity.drift;

/** How a feature's values are compared: as numbers on a line, or as unordered categories. */
public enum FeatureKind {
    NUMERIC, CATEGORICAL
}
