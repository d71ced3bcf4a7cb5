package dev.verity.jobs.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.DriftResult;
import dev.verity.drift.FeatureKind;
import dev.verity.drift.MultivariateDrift;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.metrics.BinaryCounts;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.MetricValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Drift that no single feature shows: a random forest learns to tell reference rows from current
 * rows on one half of them, and its exact AUC on the other half (Verity's sorted-counts AUC with
 * its DeLong interval) says how well it can. Two samples of one distribution leave it at 0.5
 * however the features move together; a change in how they move together (a correlation that
 * flips, marginals unchanged) lets it separate them. Drifted when the interval's lower end
 * exceeds 0.5 by more than {@link MultivariateDrift#MARGIN}.
 */
public final class DomainClassifier {
    /** Rows sampled per side at most: enough for the AUC's interval to be a few thousandths wide. */
    static final long MAX_ROWS_PER_SIDE = 500_000;

    /** The features named with their importance in the forest, most first. */
    static final int TOP_FEATURES = 3;

    private static final int TREES = 40;
    private static final int DEPTH = 8;
    /** Where a missing value goes: below every real one, so a tree can split on missingness itself. */
    private static final double MISSING = -Double.MAX_VALUE;

    static final String LABEL = "_current";
    private static final String VECTOR = "_features";
    static final String SCORE = "_score";

    private DomainClassifier() {}

    /**
     * @param result      {@link MultivariateDrift#ALL_FEATURES}: the held-out AUC as its statistic,
     *                    the one-sided DeLong p-value of AUC = 0.5, the threshold {@link MultivariateDrift#THRESHOLD}
     * @param topFeatures "x1 0.46, x2 0.44, x7 0.02": the forest's feature importances, most first
     */
    public record Verdict(DriftResult result, Double ciLow, Double ciHigh, String topFeatures) {
        /** Two lines for people: the verdict with the AUC and its interval, then the rule and the features. */
        public String describe() {
            if (result.statistic() == null || ciLow == null) {
                return "undefined (" + result.reason() + ")";
            }
            return String.format(
                    Locale.ROOT,
                    "%s: a forest tells current from reference rows with AUC %.3f [%.3f, %.3f] (95%%)%n"
                            + "  (drift when the interval's low end is above %.2f); it leans on %s",
                    Boolean.TRUE.equals(result.drifted()) ? "DRIFT" : "no drift",
                    result.statistic(),
                    ciLow,
                    ciHigh,
                    result.threshold(),
                    topFeatures);
        }
    }

    static Verdict judge(Dataset<Row> reference, Dataset<Row> current, Map<String, Boolean> features, long seed) {
        List<String> names = List.copyOf(features.keySet());
        try (Fitted fitted = fit(reference, current, features, seed)) {
            return fitted.verdict(names);
        }
    }

    /**
     * The forest trained on one half of the rows, and the other half scored by it.
     *
     * @param heldOut {@code (_score, _current)}: the probability that a held-out row is a current
     *                one, and whether it is (1) or a reference row (0)
     */
    record Fitted(Dataset<Row> heldOut, double[] importances, Dataset<Row> cached) implements AutoCloseable {
        /** The verdict on the held-out rows; {@code names} the features in the forest's order. */
        Verdict verdict(List<String> names) {
            return DomainClassifier.verdict(heldOutAuc(heldOut), importances, names);
        }

        @Override
        public void close() {
            cached.unpersist();
        }
    }

    static Fitted fit(Dataset<Row> reference, Dataset<Row> current, Map<String, Boolean> features, long seed) {
        List<String> names = List.copyOf(features.keySet());
        Dataset<Row> rows = encoded(sample(reference, seed), names, features, 0)
                .unionByName(encoded(sample(current, seed), names, features, 1));
        rows = indexCategories(rows, names, features);
        // cached: the two halves of one split must come from the same rows
        Dataset<Row> assembled = new VectorAssembler()
                .setInputCols(names.stream().map(DomainClassifier::encodedName).toArray(String[]::new))
                .setOutputCol(VECTOR)
                .transform(rows)
                .select(VECTOR, LABEL)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row>[] halves = assembled.randomSplit(new double[] {0.5, 0.5}, seed);
        RandomForestClassificationModel forest = new RandomForestClassifier()
                .setNumTrees(TREES)
                .setMaxDepth(DEPTH)
                .setMaxBins(64)
                .setSeed(seed)
                .setFeaturesCol(VECTOR)
                .setLabelCol(LABEL)
                .fit(halves[0]);
        // a copy without the training summary, which holds the session: the scoring closure must
        // not drag the session along (it cannot be serialized once it has observed a pass)
        Dataset<Row> scored = forest.copy(new ParamMap())
                .transform(halves[1])
                .select(
                        functions
                                .vector_to_array(col("probability"), "float64")
                                .getItem(1)
                                .as(SCORE),
                        col(LABEL));
        return new Fitted(scored, forest.featureImportances().toArray(), assembled);
    }

    private static Dataset<Row> sample(Dataset<Row> side, long seed) {
        long rows = side.count();
        return rows <= MAX_ROWS_PER_SIDE ? side : side.sample(false, (double) MAX_ROWS_PER_SIDE / rows, seed);
    }

    private static String encodedName(String feature) {
        return "_f_" + feature;
    }

    /** Numbers as numbers and categories as strings for now, missing values and non-finite ones as {@link #MISSING}. */
    private static Dataset<Row> encoded(
            Dataset<Row> side, List<String> names, Map<String, Boolean> features, int label) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            Column value;
            if (features.get(name)) {
                Column number = ColumnParsing.number(side, name);
                value = when(
                                number.isNull()
                                        .or(number.isNaN())
                                        .or(number.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)),
                                lit(MISSING))
                        .otherwise(number);
            } else {
                value = col("`" + name + "`").cast(DataTypes.StringType);
            }
            columns.add(value.as(encodedName(name)));
        }
        columns.add(lit((double) label).as(LABEL));
        return side.select(columns.toArray(Column[]::new));
    }

    /**
     * Each category as its rank among the feature's categories by name (missing: {@link #MISSING}),
     * a number a tree splits like any other, so a feature of thousands of categories needs no
     * bins of its own.
     */
    private static Dataset<Row> indexCategories(Dataset<Row> rows, List<String> names, Map<String, Boolean> features) {
        Dataset<Row> out = rows;
        for (String name : names) {
            if (!features.get(name)) {
                String c = encodedName(name);
                Dataset<Row> ranks = out.select(c)
                        .where(col(c).isNotNull())
                        .distinct()
                        .withColumn(
                                "_rank", dense_rank().over(Window.orderBy(c)).cast(DataTypes.DoubleType));
                out = out.join(ranks, out.col(c).eqNullSafe(ranks.col(c)), "left")
                        .drop(ranks.col(c))
                        .withColumn(c, when(col("_rank").isNull(), lit(MISSING)).otherwise(col("_rank")))
                        .drop("_rank");
            }
        }
        return out;
    }

    /** The held-out part's AUC by Verity's sorted counts: one run per distinct score, ascending. */
    private static List<MetricValue> heldOutAuc(Dataset<Row> scored) {
        Dataset<Row> runs = scored.groupBy(SCORE)
                .agg(
                        sum(col(LABEL)).cast(DataTypes.LongType).as("pos"),
                        count(lit(1)).as("rows"))
                .orderBy(SCORE)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Row totals = runs.agg(sum("pos"), sum("rows")).first();
        long positives = totals.isNullAt(0) ? 0 : totals.getLong(0);
        long all = totals.isNullAt(1) ? 0 : totals.getLong(1);
        BinaryCounts.Walk walk = BinaryCounts.walk(0.5, 10, positives, all - positives, 0, 0);
        for (Iterator<Row> it = runs.toLocalIterator(); it.hasNext(); ) {
            Row run = it.next();
            walk.add(run.getDouble(0), run.getLong(1), run.getLong(2) - run.getLong(1));
        }
        runs.unpersist();
        return walk.result().compute();
    }

    private static Verdict verdict(List<MetricValue> metrics, double[] importances, List<String> names) {
        Double auc = MetricValue.valueOf(metrics, BinaryMetrics.AUC);
        Double low = MetricValue.valueOf(metrics, BinaryMetrics.AUC_CI_LOW);
        Double high = MetricValue.valueOf(metrics, BinaryMetrics.AUC_CI_HIGH);
        Double se = MetricValue.valueOf(metrics, BinaryMetrics.AUC_SE);
        double threshold = MultivariateDrift.THRESHOLD;
        String reason = auc == null || se == null
                ? metrics.stream()
                        .filter(m -> m.name().equals(BinaryMetrics.AUC_SE))
                        .findFirst()
                        .map(MetricValue::reason)
                        .orElse("no held-out rows")
                : null;
        Double pValue =
                reason == null && se > 0 ? new NormalDistribution().cumulativeProbability(-(auc - 0.5) / se) : null;
        String top = String.join(
                ", ",
                IntStream.range(0, names.size())
                        .boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -importances[i]))
                        .limit(TOP_FEATURES)
                        .map(i -> String.format(Locale.ROOT, "%s %.2f", names.get(i), importances[i]))
                        .toList());
        return new Verdict(
                new DriftResult(
                        MultivariateDrift.ALL_FEATURES,
                        FeatureKind.MULTIVARIATE,
                        MultivariateDrift.METHOD,
                        auc,
                        pValue,
                        threshold,
                        reason == null ? low > threshold : null,
                        reason),
                low,
                high,
                top);
    }
}
