package dev.verity.jobs.replay;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A model saved by {@code verity train}: its card and its fitted pipeline. */
public final class SavedModel {
    private final String path;
    private final ModelCard card;
    private final PipelineModel pipeline;

    private SavedModel(String path, ModelCard card, PipelineModel pipeline) {
        this.path = path;
        this.card = card;
        this.pipeline = pipeline;
    }

    public static SavedModel load(String path) {
        ModelCard card = ModelCard.load(path);
        try {
            return new SavedModel(
                    path,
                    card,
                    PipelineModel.load(Path.of(path, ModelCard.PIPELINE).toString()));
        } catch (Exception e) { // Spark's loaders throw exceptions Java does not see as checked
            throw new BadInputException(path + ": the model's pipeline cannot be loaded: " + Errors.oneLine(e), e);
        }
    }

    public String path() {
        return path;
    }

    public ModelCard card() {
        return card;
    }

    /**
     * {@code raw}'s own columns plus {@code scoreColumn}, the model's probability of the positive
     * class. A missing feature column or a non-numeric value of a numeric feature is an error
     * naming the input, row and column.
     */
    public Dataset<Row> score(Dataset<Row> raw, String source, String scoreColumn) {
        Dataset<Row> prepared = FeaturePreparation.prepare(raw, source, card.features());
        List<Column> kept = new ArrayList<>();
        for (String c : raw.columns()) {
            if (!c.equals(scoreColumn)) {
                kept.add(col("`" + c + "`"));
            }
        }
        kept.add(vector_to_array(col(ModelTrainer.PROBABILITY), "float64")
                .getItem(1)
                .as(scoreColumn));
        return pipeline.transform(prepared).select(kept.toArray(Column[]::new));
    }
}
