package dev.verity.drift;

/**
 * The names and the rule of the one drift verdict on all features at once: a classifier's AUC at
 * telling current rows from reference rows, drifted when its interval's low end exceeds 0.5 by
 * more than {@link #MARGIN}.
 */
public final class MultivariateDrift {
    /** The feature name of its row. */
    public static final String ALL_FEATURES = "(all features)";

    public static final String METHOD = "domain_classifier";

    /**
     * How far above 0.5 the AUC's lower bound must be: at 0.55 a random current row outranks a
     * random reference row 55 times in 100, a shift a model's quality rarely feels below that,
     * while with a million rows a trivial one would clear 0.5 itself.
     */
    public static final double MARGIN = 0.05;

    /** The AUC's lower bound above which the data drifted. */
    public static final double THRESHOLD = 0.5 + MARGIN;

    private MultivariateDrift() {}

    /** How far an AUC is from no difference, in units of the margin (1 at the threshold). */
    public static double strength(double auc) {
        return Math.max(0, auc - 0.5) / MARGIN;
    }
}
