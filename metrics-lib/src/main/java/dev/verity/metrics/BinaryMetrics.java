package dev.verity.metrics;

import java.util.List;

/**
 * The names of the binary-classification metrics, in the order {@link BinaryState#compute()}
 * returns them; the reliability curve's points follow, one name per bin and quantity.
 */
public final class BinaryMetrics {
    private BinaryMetrics() {}

    public static final String AUC = "auc";
    public static final String AUC_CI_LOW = "auc_ci_low";
    public static final String AUC_CI_HIGH = "auc_ci_high";
    public static final String PR_AUC = "pr_auc";
    public static final String LOG_LOSS = "log_loss";
    public static final String BRIER = "brier";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String F1 = "f1";
    public static final String ACCURACY = "accuracy";
    public static final String POSITIVE_RATE = "positive_rate";
    public static final String MEAN_SCORE = "mean_score";
    public static final String CALIBRATION_RATIO = "calibration_ratio";
    public static final String NORMALIZED_ENTROPY = "normalized_entropy";
    public static final String ECE = "ece";
    /** Standard errors, for comparing versions that served different rows (verity compare). */
    public static final String AUC_SE = "auc_se";

    public static final String LOG_LOSS_SE = "log_loss_se";
    public static final String BRIER_SE = "brier_se";
    public static final String NORMALIZED_ENTROPY_SE = "normalized_entropy_se";
    /** The reliability curve, per bin {@code @B} (from 1): mean score, positive rate, rows. */
    public static final String RELIABILITY_SCORE = "reliability_score";

    public static final String RELIABILITY_POSITIVE_RATE = "reliability_positive_rate";
    public static final String RELIABILITY_ROWS = "reliability_rows";
    /** What every reliability-curve name starts with, for filters over stored metric names. */
    public static final String RELIABILITY = "reliability_";

    public static final List<String> NAMES = List.of(
            AUC,
            AUC_CI_LOW,
            AUC_CI_HIGH,
            PR_AUC,
            LOG_LOSS,
            BRIER,
            PRECISION,
            RECALL,
            F1,
            ACCURACY,
            POSITIVE_RATE,
            MEAN_SCORE,
            CALIBRATION_RATIO,
            NORMALIZED_ENTROPY,
            AUC_SE,
            LOG_LOSS_SE,
            BRIER_SE,
            NORMALIZED_ENTROPY_SE,
            ECE);

    /** The stored name of a reliability-curve quantity of bin {@code bin}, as {@code reliability_score@3}. */
    public static String reliability(String quantity, int bin) {
        return quantity + "@" + bin;
    }

    /** The metrics an unpaired comparison can test: those with a standard error beside them. */
    public static final List<String> COMPARABLE = List.of(AUC, LOG_LOSS, BRIER, NORMALIZED_ENTROPY);

    /** The standard error stored beside {@code metric}, one of {@link #COMPARABLE}. */
    public static java.util.Optional<String> standardErrorOf(String metric) {
        return java.util.Optional.ofNullable(
                switch (metric) {
                    case AUC -> AUC_SE;
                    case LOG_LOSS -> LOG_LOSS_SE;
                    case BRIER -> BRIER_SE;
                    case NORMALIZED_ENTROPY -> NORMALIZED_ENTROPY_SE;
                    default -> null;
                });
    }

    /** The bin of a reliability-curve name, as 3 for {@code reliability_rows@3}. */
    public static int reliabilityBin(String metric) {
        return Integer.parseInt(metric.substring(metric.lastIndexOf('@') + 1));
    }

    /** Whether {@code metric} is a point of a reliability curve rather than a metric of its own. */
    public static boolean isReliabilityPoint(String metric) {
        return metric.startsWith(RELIABILITY);
    }
}
