package dev.verity.store.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.drift.DriftResult;
import dev.verity.drift.FeatureKind;
import dev.verity.drift.loss.Finding;
import dev.verity.drift.loss.FindingKind;
import dev.verity.drift.profile.ColumnProfile;
import dev.verity.store.Columns;
import dev.verity.store.DriftRecord;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.FindingRecord;
import dev.verity.store.InputFileRecord;
import dev.verity.store.Job;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.ProfileRecord;
import dev.verity.store.ReplayComparison;
import dev.verity.store.RunRecord;
import dev.verity.store.RunStatus;
import dev.verity.store.SliceRecord;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Each table's schema and its record name the same columns: a record written as a row of the
 * schema reads back as itself, and no value of a record is left out of its row.
 */
class TableSchemasTest {
    private static final Timestamp START = Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"));
    private static final Timestamp END = Timestamp.from(Instant.parse("2026-11-02T00:00:00Z"));

    @Test
    void everyRecordRoundTripsThroughARowOfItsTable() {
        roundTrip(
                new MetricRecord("m", "v1", "binary", START, END, "all", "auc", 0.8, 10, null, "r", END),
                MetricRecord::named,
                MetricRecord::of,
                TableSchemas.METRICS);
        roundTrip(
                new SliceRecord("m", "v1", START, END, "a=1", 40, "log_loss", 0.7, 0.5, 0.2, 0.1, 0.3, 4.0, 0.6, null),
                SliceRecord::named,
                SliceRecord::of,
                TableSchemas.SLICE_RESULT);
        roundTrip(
                new ExplanationRecord(
                        "m", START, END, START, END, "all", "x", "log_loss", 0.5, 0.6, 0.55, 0.5, 0.2, null, 7),
                ExplanationRecord::named,
                ExplanationRecord::of,
                TableSchemas.EXPLANATION);
        roundTrip(
                new DriftRecord(
                        "m",
                        "ref.csv",
                        "cur.csv",
                        START.toInstant(),
                        new DriftResult(
                                "(all features)",
                                FeatureKind.MULTIVARIATE,
                                "domain_classifier",
                                0.8,
                                1e-9,
                                0.55,
                                true,
                                null),
                        0,
                        0,
                        true,
                        0.78,
                        0.82,
                        "x 0.61, y 0.30, z 0.02",
                        null),
                DriftRecord::named,
                DriftRecord::of,
                TableSchemas.DRIFT_RESULT);
        roundTrip(
                new DriftRecord(
                                "m",
                                "store profiles 2026-10-01/2026-11-01",
                                "cur.csv",
                                null,
                                new DriftResult("x", FeatureKind.NUMERIC, "ks", 0.1, 0.2, 0.05, false, null),
                                3,
                                0,
                                false)
                        .withReferenceError(0.0133),
                DriftRecord::named,
                DriftRecord::of,
                TableSchemas.DRIFT_RESULT);
        roundTrip(
                new FairnessRecord("m", "v1", "gender", "f", "m", START, END, "tpr", 0.6, 0.53, 0.66, null, 500),
                FairnessRecord::named,
                FairnessRecord::of,
                TableSchemas.FAIRNESS_RESULT);
        roundTrip(
                new ProfileRecord(
                        "m",
                        "p.csv",
                        START,
                        END,
                        "minutes",
                        "numeric",
                        100,
                        3,
                        ColumnProfile.of(FeatureKind.NUMERIC)
                                .addNumber(1.5)
                                .addNumber(null)
                                .toBytes()),
                ProfileRecord::named,
                ProfileRecord::of,
                TableSchemas.PROFILE);
        roundTrip(
                new FindingRecord(
                        null,
                        "p.csv",
                        new Finding(FindingKind.ROW_COUNT_DROP, START.toInstant(), null, 3, Double.NaN, "why")),
                FindingRecord::named,
                FindingRecord::of,
                TableSchemas.FINDING);
        roundTrip(
                ReplayComparison.sideBySide("m", "v1", "v2", "all", "auc", 0.7, 0.8, 100, null),
                r -> r.named().put(ReplayComparison.TRAFFIC, "t.csv"),
                ReplayComparison::of,
                TableSchemas.REPLAY_RESULT);
        roundTrip(
                new InputFileRecord("logs/", "predictions", "logs/a.csv", 10, START.toInstant(), 3, null, null),
                InputFileRecord::named,
                InputFileRecord::of,
                TableSchemas.INPUT_FILE);
        RunRecord run = RunRecord.running(
                        "r", Job.EVALUATE, null, "verity evaluate", START.toInstant(), "binary", "p", "l", "s")
                .end(
                        RunStatus.SUCCEEDED,
                        null,
                        Map.of("evaluated", 5L, "quarantined_by_reason", Map.of("bad_score", 1L)));
        roundTrip(run, RunRecord::named, RunRecord::of, TableSchemas.RUN);
    }

    private static <T> void roundTrip(
            T record, Function<T, NamedValues> named, Function<NamedValues, T> read, StructType schema) {
        NamedValues values = named.apply(record).put(Columns.RUN_ID, "r").put(Columns.COMPUTED_AT, END);
        assertThat(Arrays.asList(schema.fieldNames()))
                .as("the columns of %s", record.getClass().getSimpleName())
                .containsAll(values.asMap().keySet().stream()
                        .filter(c -> !c.equals(Columns.COMPUTED_AT)
                                || schema.getFieldIndex(c).isDefined())
                        .toList());
        T back = read.apply(SparkRows.named(SparkRows.of(values, schema)));
        if (record instanceof RunRecord r) {
            RunRecord b = (RunRecord) back;
            assertThat(b.accounting()).containsAllEntriesOf(r.accounting());
            assertThat(List.of(b.runId(), b.job(), b.status(), b.started(), b.finished()))
                    .isEqualTo(List.of(r.runId(), r.job(), r.status(), r.started(), r.finished()));
        } else if (record instanceof ProfileRecord) {
            assertThat(back).usingRecursiveComparison().isEqualTo(record); // its bytes by content
        } else {
            assertThat(back).isEqualTo(record);
        }
    }
}
