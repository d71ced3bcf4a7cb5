package dev.verity.metrics;

import java.util.List;

/** The names of the binary-classification metrics, in the order {@link BinaryState#compute()} returns them. */
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
            MEAN_SCORE);
}
