package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * One row of the runs table: what ran (job, model, command line, inputs, settings), how it
 * ended, and, for evaluate, how every input row was accounted for ({@code accounting}: the
 * table's count columns by name, absent ones null).
 *
 * @param model    the model a drift or monitor run covered; null for all models of its input
 * @param finished for a running run, its start: it has no end yet and no duration
 */
public record RunRecord(
        String runId,
        StoreRun.Job job,
        String model,
        String command,
        RunStatus status,
        String error,
        Instant started,
        Instant finished,
        String task,
        String predictions,
        String labels,
        String settings,
        Map<String, Object> accounting) {

    /** A run that has started and not ended. */
    public static RunRecord running(
            String runId,
            StoreRun.Job job,
            String model,
            String command,
            Instant started,
            String task,
            String predictions,
            String labels,
            String settings) {
        return new RunRecord(
                runId,
                job,
                model,
                command,
                RunStatus.RUNNING,
                null,
                started,
                started,
                task,
                predictions,
                labels,
                settings,
                Map.of());
    }

    /** This run ended now with {@code status}, the error (failed) and the accounting (evaluate's, else empty). */
    public RunRecord end(RunStatus status, String error, Map<String, Object> accounting) {
        return new RunRecord(
                runId,
                job,
                model,
                command,
                status,
                error,
                started,
                Instant.now(),
                task,
                predictions,
                labels,
                settings,
                accounting);
    }

    /** The row of {@link StoreTables#RUN}. */
    Row toRow() {
        NamedValues named = new NamedValues();
        accounting.forEach((column, value) -> named.put(
                column, value instanceof Map<?, ?> map ? scala.jdk.javaapi.CollectionConverters.asScala(map) : value));
        return named.put("run_id", runId)
                .put(StoreTables.JOB, job.id())
                .put(StoreTables.MODEL, model)
                .put("command", command)
                .put("status", status.id())
                .put("error", error)
                .put("started_at", Timestamp.from(started))
                .put("finished_at", Timestamp.from(finished))
                .put("duration_ms", finished.toEpochMilli() - started.toEpochMilli())
                .put("task", task)
                .put("predictions", predictions)
                .put("labels", labels)
                .put("settings", settings)
                .row(StoreTables.RUN);
    }
}
