package dev.verity.jobs.evaluate;

/** What the model predicts, which decides the label rules and the metric family. */
public enum Task {
    BINARY, RANKING, REGRESSION;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
