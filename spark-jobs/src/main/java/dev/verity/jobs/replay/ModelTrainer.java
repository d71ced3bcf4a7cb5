package dev.verity.jobs.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.FeatureKind;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputFormat;
import dev.verity.jobs.io.InputReader;
import dev.verity.store.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Interaction;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fits a Spark MLlib pipeline on logged features and labels: categories indexed and one-hot
 * encoded inside the pipeline (an unseen category at scoring time gets its own slot), numbers
 * as they are, optional pairwise crosses, then logistic regression or gradient-boosted trees.
 */
public final class ModelTrainer {
    static final String LABEL = "__verity_label";
    static final String FEATURES = "__verity_features";
    static final String PROBABILITY = "__verity_probability";

    private final SparkSession spark;

    public ModelTrainer(SparkSession spark) {
        this.spark = spark;
    }

    public record Config(
            String data,
            InputFormat format,
            List<String> features,
            String label,
            String algo,
            boolean crosses,
            String modelOut) {}

    public ModelCard train(Config config) {
        if (!List.of("lr", "gbt").contains(config.algo())) {
            throw new BadInputException("algorithm '" + config.algo() + "' is not one of lr, gbt");
        }
        if (config.crosses() && !config.algo().equals("lr")) {
            throw new BadInputException(
                    "feature crosses are for logistic regression only (trees find interactions themselves)");
        }
        Dataset<Row> raw = new InputReader(spark).read(config.data(), config.format());
        List<String> needed = new ArrayList<>(config.features());
        needed.add(config.label());
        InputReader.requireColumns(raw, config.data(), needed);
        List<ModelCard.Feature> features = FeaturePreparation.detectKinds(raw, config.features());
        Dataset<Row> prepared = FeaturePreparation.prepare(raw, config.data(), features)
                .withColumn(LABEL, ColumnParsing.number(raw, config.label()));
        checkLabels(prepared, raw, config);

        PipelineModel model = new Pipeline().setStages(stages(features, config)).fit(prepared);
        Row stats = prepared.agg(
                        count(lit(1)),
                        sum(col(LABEL)),
                        Arrays.asList(raw.columns()).contains("ts")
                                ? min(ColumnParsing.timestamp(raw, "ts")).cast("string")
                                : lit(null),
                        Arrays.asList(raw.columns()).contains("ts")
                                ? max(ColumnParsing.timestamp(raw, "ts")).cast("string")
                                : lit(null))
                .first();
        try {
            model.write()
                    .overwrite()
                    .save(Path.of(config.modelOut(), ModelCard.PIPELINE).toString());
        } catch (IOException e) {
            throw new BadInputException(config.modelOut() + ": cannot save the model: " + e.getMessage(), e);
        }
        ModelCard card = new ModelCard(
                config.algo(),
                config.crosses(),
                features,
                config.label(),
                stats.getString(2),
                stats.getString(3),
                stats.getLong(0),
                (long) stats.getDouble(1),
                Instant.now().toString(),
                config.data());
        card.save(Path.of(config.modelOut()));
        return card;
    }

    private static void checkLabels(Dataset<Row> prepared, Dataset<Row> raw, Config config) {
        List<Row> bad = prepared.filter(col(LABEL)
                        .isNull()
                        .or(col(LABEL).notEqual(0).and(col(LABEL).notEqual(1))))
                .limit(1)
                .collectAsList();
        if (!bad.isEmpty()) {
            Row row = bad.get(0);
            String where = FeaturePreparation.where(row, raw.columns());
            throw new BadInputException(config.data() + ": " + where + ", column " + config.label() + ": '"
                    + row.getAs(config.label()) + "' is not a 0/1 label");
        }
        Row classes = prepared.agg(sum(when(col(LABEL).equalTo(1), 1).otherwise(0)), count(lit(1)))
                .first();
        long positives = classes.getLong(0);
        if (positives == 0 || positives == classes.getLong(1)) {
            throw new BadInputException(config.data() + ": column " + config.label() + ": only one class in "
                    + classes.getLong(1) + " rows; a classifier needs both 0 and 1");
        }
    }

    private static PipelineStage[] stages(List<ModelCard.Feature> features, Config config) {
        List<PipelineStage> stages = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        for (ModelCard.Feature f : features) {
            String column = FeaturePreparation.hidden(f.name());
            if (f.kind() == FeatureKind.CATEGORICAL) {
                stages.add(new StringIndexer()
                        .setInputCol(column)
                        .setOutputCol(column + "_index")
                        .setHandleInvalid("keep")
                        .setStringOrderType("alphabetAsc"));
                stages.add(new OneHotEncoder()
                        .setInputCol(column + "_index")
                        .setOutputCol(column + "_onehot")
                        .setHandleInvalid("keep"));
                inputs.add(column + "_onehot");
            } else {
                inputs.add(column);
            }
        }
        List<String> assembled = new ArrayList<>(inputs);
        if (config.crosses()) {
            for (int i = 0; i < inputs.size(); i++) {
                for (int j = i + 1; j < inputs.size(); j++) {
                    String crossed = "__verity_cross_" + i + "_" + j;
                    stages.add(new Interaction()
                            .setInputCols(new String[] {inputs.get(i), inputs.get(j)})
                            .setOutputCol(crossed));
                    assembled.add(crossed);
                }
            }
        }
        stages.add(new VectorAssembler()
                .setInputCols(assembled.toArray(String[]::new))
                .setOutputCol(FEATURES));
        if (config.algo().equals("lr")) {
            stages.add(new LogisticRegression()
                    .setFeaturesCol(FEATURES)
                    .setLabelCol(LABEL)
                    .setProbabilityCol(PROBABILITY)
                    .setMaxIter(100)
                    .setRegParam(1e-4));
        } else {
            stages.add(new GBTClassifier()
                    .setFeaturesCol(FEATURES)
                    .setLabelCol(LABEL)
                    .setProbabilityCol(PROBABILITY)
                    .setMaxIter(30)
                    .setMaxDepth(4)
                    .setSeed(7));
        }
        return stages.toArray(PipelineStage[]::new);
    }
}
