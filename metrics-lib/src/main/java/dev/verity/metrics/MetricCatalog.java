package dev.verity.metrics;

import static dev.verity.metrics.MetricDefinition.Direction.HIGHER_IS_BETTER;
import static dev.verity.metrics.MetricDefinition.Direction.LOWER_IS_BETTER;
import static dev.verity.metrics.MetricDefinition.Direction.NEITHER;

import dev.verity.metrics.MetricDefinition.Direction;
import dev.verity.metrics.beyondaccuracy.BeyondAccuracy;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Every metric Verity stores, the one place its name, direction and definition are written. */
public final class MetricCatalog {
    private static final Pattern AT_K = Pattern.compile("@\\d+$");

    /** The share of a window's and slice's predictions whose label has arrived: stored for every task. */
    public static final String LABELLED_SHARE = "labelled_share";

    public static final List<MetricDefinition> ALL = List.of(
            binary(
                    BinaryMetrics.AUC,
                    HIGHER_IS_BETTER,
                    "ROC AUC; tied scores get half credit (scikit-learn's roc_auc_score)",
                    "one class in the slice"),
            binary(
                    BinaryMetrics.AUC_CI_LOW,
                    HIGHER_IS_BETTER,
                    "lower bound of the 95% DeLong interval of the AUC, clipped to [0, 1]",
                    "one class in the slice"),
            binary(
                    BinaryMetrics.AUC_CI_HIGH,
                    HIGHER_IS_BETTER,
                    "upper bound of the 95% DeLong interval of the AUC, clipped to [0, 1]",
                    "one class in the slice"),
            binary(
                    BinaryMetrics.PR_AUC,
                    HIGHER_IS_BETTER,
                    "average precision (scikit-learn's average_precision_score)",
                    "no positive label"),
            binary(
                    BinaryMetrics.LOG_LOSS,
                    LOWER_IS_BETTER,
                    "mean negative log-likelihood, natural log, scores clipped to [1e-15, 1-1e-15]",
                    "no labelled row"),
            binary(
                    BinaryMetrics.BRIER,
                    LOWER_IS_BETTER,
                    "mean squared difference of score and label",
                    "no labelled row"),
            binary(
                    BinaryMetrics.PRECISION,
                    HIGHER_IS_BETTER,
                    "share of label 1 among rows with score >= threshold",
                    "no predicted positive"),
            binary(
                    BinaryMetrics.RECALL,
                    HIGHER_IS_BETTER,
                    "share of score >= threshold among rows with label 1",
                    "no positive label"),
            binary(
                    BinaryMetrics.F1,
                    HIGHER_IS_BETTER,
                    "harmonic mean of precision and recall",
                    "precision or recall undefined"),
            binary(
                    BinaryMetrics.ACCURACY,
                    HIGHER_IS_BETTER,
                    "share of rows whose prediction (score >= threshold) equals the label",
                    "no labelled row"),
            binary(BinaryMetrics.POSITIVE_RATE, NEITHER, "share of label 1", "no labelled row"),
            binary(BinaryMetrics.MEAN_SCORE, NEITHER, "mean score of the labelled rows", "no labelled row"),
            binary(
                    BinaryMetrics.CALIBRATION_RATIO,
                    NEITHER,
                    "sum of scores / sum of labels (TFMA's calibration): 1 is calibrated on average, above 1 over-predicts",
                    "no positive label"),
            binary(
                    BinaryMetrics.NORMALIZED_ENTROPY,
                    LOWER_IS_BETTER,
                    "log loss / entropy of the slice's positive rate p, -(p ln p + (1-p) ln(1-p)): below 1 beats always"
                            + " predicting p",
                    "one class in the slice"),
            binary(
                    BinaryMetrics.AUC_SE,
                    NEITHER,
                    "DeLong standard error of the AUC, unclipped (verity compare adds two in quadrature)",
                    "fewer than 2 rows of a class"),
            binary(
                    BinaryMetrics.LOG_LOSS_SE,
                    NEITHER,
                    "standard error of the log loss: sample standard deviation of the per-row losses / sqrt(N)",
                    "fewer than 2 rows"),
            binary(
                    BinaryMetrics.BRIER_SE,
                    NEITHER,
                    "standard error of the Brier score: sample standard deviation of the per-row squared errors /"
                            + " sqrt(N)",
                    "fewer than 2 rows"),
            binary(
                    BinaryMetrics.NORMALIZED_ENTROPY_SE,
                    NEITHER,
                    "log_loss_se / entropy of the slice's positive rate (the base rate taken as known)",
                    "fewer than 2 rows or one class"),
            binary(
                    BinaryMetrics.ECE,
                    LOWER_IS_BETTER,
                    "expected calibration error: sum over equal-mass bins (--calibration-bins, 10) of rows/N x abs(mean"
                            + " score - positive rate); bins of scikit-learn's calibration_curve(strategy='quantile')",
                    "no labelled row"),
            binary(
                    BinaryMetrics.RELIABILITY_SCORE + "@K",
                    NEITHER,
                    "reliability curve: mean score of calibration bin K (from 1; bins with no rows are not stored)",
                    "bin K empty"),
            binary(
                    BinaryMetrics.RELIABILITY_POSITIVE_RATE + "@K",
                    NEITHER,
                    "reliability curve: share of label 1 in calibration bin K (calibration_curve's prob_true)",
                    "bin K empty"),
            binary(
                    BinaryMetrics.RELIABILITY_ROWS + "@K",
                    NEITHER,
                    "reliability curve: rows in calibration bin K",
                    "bin K empty"),
            new MetricDefinition(
                    RankingState.NDCG_AT_K,
                    Task.RANKING,
                    HIGHER_IS_BETTER,
                    "mean over queries of DCG@K / ideal DCG@K, linear gain, tied scores averaged (ndcg_score, ignore_ties=False)",
                    "no query with a relevant item (those queries are left out and counted)"),
            ranking(
                    TopK.MRR,
                    "mean over queries of 1 / rank of the first relevant item (0 below K); relevant: relevance >="
                            + " --relevant-at, by default > 0; tied scores: the expectation over their orders, as NDCG"),
            ranking(
                    TopK.MAP,
                    "mean over queries of average precision at K: sum of precision@i at relevant ranks i <= K /"
                            + " min(K, relevant items); ties as mrr@K (equals label_ranking_average_precision_score"
                            + " per query without ties and K >= items)"),
            ranking(TopK.PRECISION, "mean over queries of relevant items in the top K / K; ties as mrr@K"),
            ranking(
                    TopK.RECALL,
                    "mean over queries of relevant items in the top K / relevant items of the query; ties as mrr@K"),
            ranking(
                    TopK.HIT_RATE,
                    "share of queries with a relevant item in the top K (with ties: its probability); ties as mrr@K"),
            beyondAccuracy(
                    BeyondAccuracy.COVERAGE,
                    HIGHER_IS_BETTER,
                    "share of the catalogue (the distinct items of the window's lists) in some list's top K; top K: the"
                            + " K highest scores, ties broken by item_id",
                    "no item_id column in the ranking log"),
            beyondAccuracy(
                    BeyondAccuracy.NOVELTY,
                    HIGHER_IS_BETTER,
                    "mean over lists of the mean over its top K of -log2 p, p the item's share of the window's"
                            + " interactions (entries with relevance >= --relevant-at), add-one smoothed over the"
                            + " catalogue: (n + 1) / (N + items)",
                    "no item_id column in the ranking log"),
            beyondAccuracy(
                    BeyondAccuracy.POPULARITY,
                    LOWER_IS_BETTER,
                    "average recommendation popularity (ARP): mean over lists of the mean over its top K of the item's"
                            + " share of the window's interactions, n / N",
                    "no item_id column, or no interaction in the window"),
            beyondAccuracy(
                    BeyondAccuracy.PERSONALIZATION,
                    HIGHER_IS_BETTER,
                    "1 - mean Jaccard overlap of the top K item sets of two lists, over every pair of up to"
                            + " 10,000 lists; above, every pair of the 10,000 with the smallest xxhash64 of query_id",
                    "no item_id column, or fewer than 2 lists"),
            beyondAccuracy(
                    BeyondAccuracy.DIVERSITY,
                    HIGHER_IS_BETTER,
                    "mean over lists of the mean cosine distance (1 - cos) between the --item-features vectors of"
                            + " every pair of its top K items (items without a vector left out, and counted)",
                    "no --item-features, no item_id column, or no list with 2 items with vectors"),
            new MetricDefinition(
                    BeyondAccuracy.ITEMS_WITHOUT_FEATURES,
                    Task.RANKING,
                    NEITHER,
                    "top K entries (the largest K) whose item has no vector in --item-features",
                    "never; stored only with --item-features"),
            new MetricDefinition(
                    RankingState.EXCLUDED_QUERIES,
                    Task.RANKING,
                    NEITHER,
                    "queries left out of the NDCG mean because their ideal DCG is 0",
                    "never"),
            new MetricDefinition(
                    RankingState.EXCLUDED_AT_QUERIES,
                    Task.RANKING,
                    NEITHER,
                    "queries left out of the mrr, map, precision, recall and hit_rate means: no relevant item",
                    "never"),
            new MetricDefinition(
                    RegressionState.RMSE,
                    Task.REGRESSION,
                    LOWER_IS_BETTER,
                    "root mean squared error",
                    "no labelled row"),
            new MetricDefinition(
                    RegressionState.MAE, Task.REGRESSION, LOWER_IS_BETTER, "mean absolute error", "no labelled row"),
            labelledShare(Task.BINARY),
            labelledShare(Task.REGRESSION),
            labelledShare(Task.RANKING));

    private MetricCatalog() {}

    private static MetricDefinition ranking(String family, String definition) {
        return new MetricDefinition(
                family + "@K",
                Task.RANKING,
                HIGHER_IS_BETTER,
                definition,
                "no query with a relevant item (those queries are left out and counted)");
    }

    private static MetricDefinition beyondAccuracy(
            String family, Direction direction, String definition, String undefinedWhen) {
        return new MetricDefinition(family, Task.RANKING, direction, definition, undefinedWhen);
    }

    private static MetricDefinition labelledShare(Task task) {
        return new MetricDefinition(
                LABELLED_SHARE,
                task,
                NEITHER,
                "share of the predictions (each id once) with a label that counts; its n is the predictions",
                "never: 0 while none is labelled");
    }

    private static MetricDefinition binary(String name, Direction direction, String definition, String undefinedWhen) {
        return new MetricDefinition(name, Task.BINARY, direction, definition, undefinedWhen);
    }

    /** The definition of a stored metric name ({@code ndcg@5} is {@code ndcg@K}), if it is one of the catalog's. */
    public static Optional<MetricDefinition> of(String name) {
        String generic = AT_K.matcher(name).replaceFirst("@K");
        return ALL.stream().filter(d -> d.name().equals(generic)).findFirst();
    }

    /** Higher is better unless the catalog says otherwise; a name it does not know counts as higher-is-better. */
    public static boolean higherIsBetter(String name) {
        return of(name).map(d -> d.direction().higherIsBetter()).orElse(true);
    }

    /**
     * The metric that stands for a model's quality: AUC for binary models, RMSE for regression,
     * and for rankers the NDCG at the largest K among {@code present} (NDCG@10 when there is none).
     */
    public static String primary(Task task, Collection<String> present) {
        return switch (task) {
            case BINARY -> BinaryMetrics.AUC;
            case REGRESSION -> RegressionState.RMSE;
            case RANKING ->
                present.stream()
                        .filter(m -> of(m).map(d -> d.name().equals(RankingState.NDCG_AT_K))
                                .orElse(false))
                        .max(Comparator.comparingInt(m -> Integer.parseInt(m.substring(m.indexOf('@') + 1))))
                        .orElse(RankingState.metricName(10));
        };
    }
}
