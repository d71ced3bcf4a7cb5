package dev.verity.metrics.fairness;

/**
 * What {@code verity fairness} reports of a group: its own rates, then its gaps to the reference
 * group (the group's value minus the reference's, or their ratio).
 */
public enum FairnessMeasure {
    SELECTION_RATE("selection_rate"),
    TPR("tpr"),
    FPR("fpr"),
    PRECISION("precision"),
    AUC("auc"),
    CALIBRATION_RATIO("calibration_ratio"),
    DEMOGRAPHIC_PARITY_DIFFERENCE("demographic_parity_difference"),
    DEMOGRAPHIC_PARITY_RATIO("demographic_parity_ratio"),
    EQUAL_OPPORTUNITY_DIFFERENCE("equal_opportunity_difference"),
    EQUALIZED_ODDS_DIFFERENCE("equalized_odds_difference"),
    PREDICTIVE_PARITY_DIFFERENCE("predictive_parity_difference"),
    FOUR_FIFTHS("four_fifths");

    /** The share of the reference's selection rate below which the four-fifths rule is broken. */
    public static final double FOUR_FIFTHS_RATIO = 0.8;

    private final String id;

    FairnessMeasure(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether this is a gap to the reference group rather than a rate of the group itself. */
    public boolean isGap() {
        return ordinal() >= DEMOGRAPHIC_PARITY_DIFFERENCE.ordinal();
    }
}
