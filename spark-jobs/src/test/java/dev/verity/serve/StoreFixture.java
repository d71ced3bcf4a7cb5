package dev.verity.serve;

import dev.verity.drift.DriftResult;
import dev.verity.drift.FeatureKind;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.evaluate.RunAccounting;
import dev.verity.store.DriftRecord;
import dev.verity.store.Job;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.RunStatus;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.delta.TableSchemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** A small store written row by row: model m v1 over days with AUC per slice, one replay, one drift run, one evaluate run. */
final class StoreFixture {
    private StoreFixture() {}

    /** How serve reads the store: Delta Kernel, no Spark session. */
    static StoreReader reader(EvaluationStore store) {
        return new StoreReader(store.root(), VeritySpark.hadoopConfiguration());
    }

    static EvaluationStore write(String root) {
        EvaluationStore store = new EvaluationStore(TestSpark.spark(), root);
        addDay(store, "2026-11-01", 0.80);
        addDay(store, "2026-11-02", 0.75);
        Timestamp now = Timestamp.from(Instant.parse("2026-11-03T00:00:00Z"));
        store.appendReplay(
                "r1",
                now,
                "t",
                List.of(
                        ReplayComparison.agreement("m", "mismatches", 4.0, 100, null),
                        new ReplayComparison(
                                "m", "m-lr", "m-gbt", "all", "auc", 0.75, 0.78, 0.03, 0.01, 0.05, 0.004, "better", 100,
                                null)));
        store.appendDrift(
                "d1",
                now,
                List.of(new DriftRecord(
                        "m",
                        "ref",
                        "cur",
                        null,
                        new DriftResult("minutes", FeatureKind.NUMERIC, "wasserstein", 0.3, null, 0.1, true, null),
                        0,
                        0,
                        false)));
        Map<String, Object> accounting = new HashMap<>();
        Object[] counts = {
            1000L,
            10L,
            5L,
            20L,
            965L,
            990L,
            0L,
            1L,
            2L,
            3L,
            0L, // labels outside the range: none, a run over everything
            0L,
            965L,
            new java.util.TreeMap<>(Map.of("bad_score", 10L)),
            8L
        };
        for (int i = 0; i < counts.length; i++) {
            accounting.put(RunAccounting.COLUMNS.get(i), counts[i]);
        }
        store.finishRun(new RunRecord(
                "e1",
                Job.EVALUATE,
                null,
                "verity evaluate",
                RunStatus.SUCCEEDED,
                null,
                now.toInstant().minusMillis(4200),
                now.toInstant(),
                "binary",
                "p",
                "l",
                null,
                accounting));
        return store;
    }

    /** AUC (and interval) of one day for slices all (n=1000), country=a (600), country=b (300), country=c (100). */
    static void addDay(EvaluationStore store, String day, double auc) {
        Instant start = Instant.parse(day + "T00:00:00Z");
        addWindow(store, start, start.plusSeconds(86_400), auc, "run-" + day);
    }

    /** As {@link #addDay}, for any window. */
    static void addWindow(EvaluationStore store, Instant from, Instant to, double auc, String runId) {
        Timestamp start = Timestamp.from(from);
        Timestamp end = Timestamp.from(to);
        List<Row> rows = new ArrayList<>();
        String[] slices = {"all", "country=a", "country=b", "country=c"};
        long[] n = {1000, 600, 300, 100};
        for (int i = 0; i < slices.length; i++) {
            double value = auc - 0.01 * i;
            for (Object[] metric :
                    new Object[][] {{"auc", value}, {"auc_ci_low", value - 0.02}, {"auc_ci_high", value + 0.02}}) {
                rows.add(RowFactory.create(
                        "m", "v1", "binary", start, end, slices[i], metric[0], metric[1], n[i], null, runId, end));
            }
        }
        store.mergeMetrics(TestSpark.spark().createDataFrame(rows, TableSchemas.METRICS));
    }
}
