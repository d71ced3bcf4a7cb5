package dev.verity.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import dev.verity.store.delta.TableSchemas;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written before the runs table had its job column gains it on the next run. */
class RunsTableEvolutionTest {
    @TempDir
    Path dir;

    @Test
    void aRunsTableWithoutTheJobColumnTakesNewRunsAndReadsOldOnesAsEvaluates() {
        String root = dir.resolve("store").toString();
        StructType old = new StructType(Arrays.stream(TableSchemas.RUN.fields())
                .filter(f -> !f.name().equals(Columns.JOB) && !f.name().equals(Columns.MODEL))
                .toArray(StructField[]::new));
        Object[] values = new Object[old.size()];
        Timestamp then = Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"));
        values[old.fieldIndex("run_id")] = "old";
        values[old.fieldIndex("command")] = "verity evaluate";
        values[old.fieldIndex("status")] = RunStatus.SUCCEEDED.id();
        values[old.fieldIndex("started_at")] = then;
        values[old.fieldIndex("finished_at")] = then;
        values[old.fieldIndex("duration_ms")] = 0L;
        TestSpark.spark()
                .createDataFrame(List.of(RowFactory.create(values)), old)
                .write()
                .format("delta")
                .save(Path.of(root).resolve(StoreTables.RUNS).toString());

        EvaluationStore store = new EvaluationStore(TestSpark.spark(), root);
        assertThat(store.runs().columns()).contains(Columns.JOB);
        StoreRun.record(store, new StoreRun.Scope(Job.MONITOR, "m", "verity monitor", "p.csv"), runId -> null);

        List<Row> runs = store.runs().orderBy("started_at").collectAsList();
        assertThat(runs)
                .extracting(r -> r.<String>getAs("run_id").equals("old")
                        ? "old:" + r.getAs(Columns.JOB)
                        : r.<String>getAs(Columns.JOB) + ":" + r.getAs("status"))
                .containsExactly("old:null", "monitor:succeeded");
    }
}
