package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.store.Columns;
import dev.verity.store.DriftRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.Recorded;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.StoreTables;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.SparkRows;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.delta.TableSchemas;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What serve, report, advise and compare read with Delta Kernel is what Spark reads of the same store. */
class StoreSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void everyTableReadsAsSparkReadsIt() {
        EvaluationStore store = StoreFixture.write(dir.resolve("store").toString());
        StoreSnapshot snapshot = StoreFixture.reader(store).latest();

        assertSameRows(snapshot.metrics(), store.metrics(), MetricRecord::of);
        assertSameRows(snapshot.runs(), store.runs(), RunRecord::of);
        assertSameRows(snapshot.drift(), store.drift(), recorded(DriftRecord::of));
        assertSameRows(snapshot.replay(), store.replay(), recorded(ReplayComparison::of));
        assertThat(snapshot.findings()).isEmpty(); // no monitor ran: no table
        assertThat(snapshot.metrics()).hasSize(24);
        assertThat(snapshot.runs().get(0).accounting().get("quarantined_by_reason"))
                .isEqualTo(Map.of("bad_score", 10L));
    }

    @Test
    void aSnapshotKeepsItsVersionsWhileTheStoreMovesOn() {
        EvaluationStore store = StoreFixture.write(dir.resolve("store").toString());
        StoreReader reader = StoreFixture.reader(store);
        StoreSnapshot before = reader.latest();
        StoreFixture.addDay(store, "2026-11-03", 0.70);

        assertThat(before.metrics()).hasSize(24);
        assertThat(reader.latest().metrics()).hasSize(36);
        assertThat(reader.latest().versions().get(StoreTables.METRICS).getAsLong())
                .isEqualTo(before.versions().get(StoreTables.METRICS).getAsLong() + 1);
        assertThat(before.versions().get(StoreTables.FINDINGS)).isEmpty();
    }

    @Test
    void asOfATimeShowsEachTableAsItWasThenAndATableCreatedLaterEmpty() throws Exception {
        String root = dir.resolve("store").toString();
        EvaluationStore store = new EvaluationStore(TestSpark.spark(), root);
        StoreFixture.addDay(store, "2026-11-01", 0.80);
        Thread.sleep(1100); // commit times are the log files' modification times
        Instant between = Instant.now();
        Thread.sleep(1100);
        StoreFixture.addDay(store, "2026-11-02", 0.75);
        StoreFixture.write(root);
        StoreReader reader = StoreFixture.reader(store);

        StoreSnapshot then = reader.asOf(between);
        assertThat(then.metrics()).hasSize(12);
        assertThat(then.runs()).isEmpty();
        assertThat(then.versions().get(StoreTables.RUNS)).isEmpty();
        assertThat(reader.asOf(Instant.now()).metrics()).hasSize(24);
        assertThat(reader.asOf(Instant.parse("2000-01-01T00:00:00Z")).metrics()).isEmpty();
    }

    @Test
    void aColumnATableWasWrittenWithoutReadsAsNull() {
        String root = dir.resolve("store").toString();
        StructType old = new StructType(Arrays.stream(TableSchemas.DRIFT_RESULT.fields())
                .filter(f -> !f.name().equals(Columns.MODEL))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
        EvaluationStore store = StoreFixture.write(root);
        store.drift()
                .select(Arrays.stream(old.fieldNames())
                        .map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new))
                .write()
                .format("delta")
                .mode("overwrite")
                .option("overwriteSchema", "true")
                .save(Path.of(root).resolve(StoreTables.DRIFT).toString());

        List<Recorded<DriftRecord>> drift = StoreFixture.reader(store).latest().drift();
        assertThat(drift).hasSize(1);
        assertThat(drift.get(0).record().model()).isNull();
        assertThat(drift.get(0).record().result().feature()).isEqualTo("minutes");
    }

    private static <T> Function<NamedValues, Recorded<T>> recorded(Function<NamedValues, T> record) {
        return v -> new Recorded<>(v.string(Columns.RUN_ID), v.instant(Columns.COMPUTED_AT), record.apply(v));
    }

    /** The records Delta Kernel read are those of the rows Spark reads. */
    private static <T> void assertSameRows(List<T> kernel, Dataset<Row> spark, Function<NamedValues, T> record) {
        List<T> expected =
                spark.collectAsList().stream().map(SparkRows::named).map(record).toList();
        assertThat(kernel).isNotEmpty();
        assertThat(kernel).containsExactlyInAnyOrderElementsOf(expected);
    }
}
