package dev.verity.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.metrics.Task;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** All metrics of all slices cost the same Spark jobs as the overall metrics alone. */
class OnePassTest {

    @Test
    void jobCountDoesNotGrowWithSlicesOrCrosses() {
        Dataset<Row> labelled = randomLabelled(2000).cache();
        labelled.count();
        int overallOnly = TestSpark.jobsOf(() ->
                MetricAggregation.compute(labelled, 2000, Task.BINARY, SliceSpec.none(), MetricOptions.defaults(5)));
        java.util.concurrent.atomic.AtomicReference<List<MetricAggregation.GroupMetrics>> result =
                new java.util.concurrent.atomic.AtomicReference<>();
        SliceSpec many = new SliceSpec(
                List.of("country", "platform", "age"),
                List.of(
                        List.of("country", "platform"),
                        List.of("platform", "age"),
                        List.of("country", "platform", "age")));
        int sliced = TestSpark.jobsOf(() ->
                result.set(MetricAggregation.compute(labelled, 2000, Task.BINARY, many, MetricOptions.defaults(5))));

        assertThat(sliced).isEqualTo(overallOnly);
        assertThat(sliced).isBetween(1, 3);
        // 1 overall + 5 + 3 + 4 single values + 15 + 12 + 60 crosses, all in those jobs.
        assertThat(result.get()).hasSize(1 + 5 + 3 + 4 + 15 + 12 + 60);
        labelled.unpersist();
    }

    private static Dataset<Row> randomLabelled(int size) {
        StructType schema = new StructType()
                .add("model", DataTypes.StringType)
                .add("model_version", DataTypes.StringType)
                .add("window_start", DataTypes.TimestampType)
                .add("window_end", DataTypes.TimestampType)
                .add("score", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType)
                .add("country", DataTypes.StringType)
                .add("platform", DataTypes.StringType)
                .add("age", DataTypes.StringType);
        Random random = new Random(1);
        Timestamp start = Timestamp.valueOf("2026-11-01 00:00:00");
        Timestamp end = Timestamp.valueOf("2026-11-02 00:00:00");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rows.add(RowFactory.create(
                    "m",
                    "v1",
                    start,
                    end,
                    random.nextDouble(),
                    (double) random.nextInt(2),
                    "c" + random.nextInt(5),
                    "p" + random.nextInt(3),
                    "a" + random.nextInt(4)));
        }
        return TestSpark.spark().createDataFrame(rows, schema);
    }
}
