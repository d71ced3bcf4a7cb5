package dev.verity.jobs.evaluate;

import dev.verity.jobs.pairs.Embeddings;
import dev.verity.jobs.pairs.EmbeddingsReader;
import dev.verity.store.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The vectors diversity@K compares, read as the pair scorer reads its embeddings ({@code item_id},
 * {@code v0..v{d-1}}, any format; errors name the file, line and column). A zero vector has no
 * direction for a cosine distance, so it is an error too.
 */
final class ItemFeatures {
    static final String VECTOR = "_vector";

    private ItemFeatures() {}

    /** item_id and its vector ({@value #VECTOR}, an array of doubles). */
    static Dataset<Row> read(SparkSession spark, String path) {
        Embeddings items = new EmbeddingsReader(spark, BeyondAccuracyAggregation.ITEM_ID).read(path, null);
        List<Row> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.dot(i, i) > 0)) {
                throw new BadInputException(
                        path + ": item_id '" + items.ids()[i] + "' has a zero vector: no direction to compare");
            }
            double[] vector = new double[items.dim()];
            System.arraycopy(items.vectors(), i * items.dim(), vector, 0, items.dim());
            rows.add(RowFactory.create(items.ids()[i], vector));
        }
        StructType schema = new StructType()
                .add(BeyondAccuracyAggregation.ITEM_ID, DataTypes.StringType, false)
                .add(VECTOR, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        return spark.createDataFrame(rows, schema);
    }
}
