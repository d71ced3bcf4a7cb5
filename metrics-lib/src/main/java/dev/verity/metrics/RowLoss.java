package dev.verity.metrics;

import java.util.Arrays;

/** A binary model's loss on one row: additive, so a slice's mean loss is its metric's value. */
public enum RowLoss {
    /** As log loss clips: the score within [1e-15, 1 - 1e-15]. */
    LOG_LOSS(BinaryMetrics.LOG_LOSS),
    BRIER(BinaryMetrics.BRIER),
    /** 1 when the score at or above the threshold disagrees with the label, else 0. */
    ERROR_RATE("error_rate");

    private final String id;

    RowLoss(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public double of(double score, double label, double threshold) {
        return switch (this) {
            case LOG_LOSS -> -Math.log(label == 1 ? BinaryState.clipped(score) : 1 - BinaryState.clipped(score));
            case BRIER -> (score - label) * (score - label);
            case ERROR_RATE -> (score >= threshold) == (label == 1) ? 0 : 1;
        };
    }

    /** @throws IllegalArgumentException naming the ones there are */
    public static RowLoss ofId(String id) {
        return Arrays.stream(values())
                .filter(l -> l.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not one of "
                        + String.join(
                                ", ", Arrays.stream(values()).map(RowLoss::id).toList())));
    }
}
