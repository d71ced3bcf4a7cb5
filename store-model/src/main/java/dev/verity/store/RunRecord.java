package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One row of the runs table: what ran (job, model, command line, inputs, settings), how it
 * ended, and, for evaluate, how every input row was accounted for ({@code accounting}: the
 * table's other columns by name, absent ones null).
 *
 * @param job      null in a store from before the column (its runs are evaluate's: {@link #writtenBy})
 * @param model    the model a drift or monitor run covered; null for all models of its input
 * @param finished for a running run, its start: it has no end yet and no duration
 */
public record RunRecord(
        String runId,
        Job job,
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

    public static final String COMMAND = "command";

    public static final String ERROR = "error";
    public static final String FINISHED_AT = "finished_at";
    public static final String PREDICTIONS = "predictions";
    public static final String LABELS = "labels";
    public static final String SETTINGS = "settings";
    public static final String DURATION_MS = "duration_ms";
    /** The binary decision threshold evaluate's {@code settings} name ({@code threshold=0.5}). */
    public static final String THRESHOLD_SETTING = "threshold";

    /** The columns of every run; the others of the runs table are a run's accounting. */
    private static final Set<String> FIXED = Set.of(
            Columns.RUN_ID,
            Columns.JOB,
            Columns.MODEL,
            COMMAND,
            Columns.STATUS,
            ERROR,
            Columns.STARTED_AT,
            FINISHED_AT,
            DURATION_MS,
            Columns.TASK,
            PREDICTIONS,
            LABELS,
            SETTINGS);

    /** The value of {@code name} among the run's {@code settings} ({@code name=value} words), or null. */
    public String setting(String name) {
        if (settings == null) {
            return null;
        }
        return java.util.Arrays.stream(settings.split("\\s+"))
                .filter(word -> word.startsWith(name + "="))
                .map(word -> word.substring(name.length() + 1))
                .findFirst()
                .orElse(null);
    }

    public static RunRecord of(NamedValues v) {
        Map<String, Object> accounting = new HashMap<>(); // values may be null
        v.asMap().forEach((column, value) -> {
            if (!FIXED.contains(column)) {
                accounting.put(column, value);
            }
        });
        String job = v.string(Columns.JOB);
        return new RunRecord(
                v.string(Columns.RUN_ID),
                job == null ? null : Job.ofId(job),
                v.string(Columns.MODEL),
                v.string(COMMAND),
                RunStatus.ofId(v.string(Columns.STATUS)),
                v.string(ERROR),
                v.instant(Columns.STARTED_AT),
                v.instant(FINISHED_AT),
                v.string(Columns.TASK),
                v.string(PREDICTIONS),
                v.string(LABELS),
                v.string(SETTINGS),
                Collections.unmodifiableMap(accounting));
    }

    /** A run that has started and not ended. */
    public static RunRecord running(
            String runId,
            Job job,
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

    /** The job that wrote it: a run from before the job column was evaluate's. */
    public Job writtenBy() {
        return job == null ? Job.EVALUATE : job;
    }

    public long durationMillis() {
        return finished.toEpochMilli() - started.toEpochMilli();
    }

    /** A count column of the accounting; null when the run did not record it. */
    public Long count(String column) {
        return (Long) accounting.get(column);
    }

    /** The run's values by column name, as the runs table holds them (times as timestamps). */
    public NamedValues named() {
        NamedValues named = new NamedValues();
        accounting.forEach(named::put);
        return named.put(Columns.RUN_ID, runId)
                .put(Columns.JOB, job == null ? null : job.id())
                .put(Columns.MODEL, model)
                .put(COMMAND, command)
                .put(Columns.STATUS, status.id())
                .put(ERROR, error)
                .put(Columns.STARTED_AT, Timestamp.from(started))
                .put(FINISHED_AT, Timestamp.from(finished))
                .put(DURATION_MS, durationMillis())
                .put(Columns.TASK, task)
                .put(PREDICTIONS, predictions)
                .put(LABELS, labels)
                .put(SETTINGS, settings);
    }
}
