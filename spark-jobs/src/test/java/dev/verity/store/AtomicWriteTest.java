package dev.verity.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jobs.TestSpark;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.TableSchemas;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that dies half-way leaves the store exactly as it was (one Delta transaction). */
class AtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void failedMergeLeavesThePreviousVersion() {
        EvaluationStore store =
                new EvaluationStore(TestSpark.spark(), dir.resolve("store").toString());
        store.mergeMetrics(rows(100, 0.5));
        List<Row> before = store.metrics().orderBy("slice").collectAsList();

        // Values for half the rows, then a crash while the source is still being computed.
        UDF1<Double, Double> crashOnLast = v -> {
            if (v > 0.99 * 100) {
                throw new IllegalStateException("simulated executor crash");
            }
            return v;
        };
        Dataset<Row> crashing = rows(100, 0.9)
                .withColumn("value", udf(crashOnLast, DataTypes.DoubleType).apply(col("n").cast("double")));
        assertThatThrownBy(() -> store.mergeMetrics(crashing)).hasStackTraceContaining("simulated executor crash");

        assertThat(store.metrics().orderBy("slice").collectAsList()).isEqualTo(before);
    }

    @Test
    void mergeUpdatesExistingKeysAndKeepsOthers() {
        EvaluationStore store =
                new EvaluationStore(TestSpark.spark(), dir.resolve("store2").toString());
        store.mergeMetrics(rows(3, 0.5));
        store.mergeMetrics(rows(5, 0.7));
        assertThat(store.metrics().count()).isEqualTo(5);
        assertThat(store.metrics().filter(col("value").equalTo(0.7)).count()).isEqualTo(5);
    }

    private static Dataset<Row> rows(int count, double value) {
        Timestamp start = Timestamp.valueOf("2026-11-01 00:00:00");
        Timestamp end = Timestamp.valueOf("2026-11-02 00:00:00");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(RowFactory.create(
                    "m", "v1", "binary", start, end, "slice=" + i, "auc", value, (long) i + 1, null, "run", start));
        }
        return TestSpark.spark().createDataFrame(rows, TableSchemas.METRICS).repartition(4);
    }
}
