package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The run row of a command that writes the store: {@link RunStatus#RUNNING} before its first
 * result row, replaced by its outcome (with the error, on one line) when it ends. Its results
 * carry its {@code run_id}, so a run with no result rows (a clean monitor run) still says it ran.
 */
public final class StoreRun {

    /** What wrote a run: the {@code job} column of the runs table. */
    public enum Job {
        EVALUATE,
        DRIFT,
        MONITOR,
        REPLAY,
        PAIR_REPLAY;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private StoreRun() {}

    /**
     * Runs {@code work} (given the run id its result rows carry) as one recorded run of
     * {@code job}; a failure is recorded and rethrown.
     *
     * @param input the input it reads, for the runs table's {@code predictions} column
     */
    public static <T> T record(
            EvaluationStore store, Job job, String commandLine, String input, Function<String, T> work) {
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        store.startRun(row(runId, job, commandLine, input, RunStatus.RUNNING, null, started, started));
        try {
            T result = work.apply(runId);
            store.finishRun(row(runId, job, commandLine, input, RunStatus.SUCCEEDED, null, started, Instant.now()));
            return result;
        } catch (RuntimeException e) {
            try {
                store.finishRun(
                        row(runId, job, commandLine, input, RunStatus.FAILED, firstLine(e), started, Instant.now()));
            } catch (RuntimeException secondary) {
                e.addSuppressed(secondary);
            }
            throw e;
        }
    }

    private static Row row(
            String runId,
            Job job,
            String commandLine,
            String input,
            RunStatus status,
            String error,
            Instant started,
            Instant finished) {
        List<String> fields = List.of(StoreTables.RUN.fieldNames());
        Object[] values = new Object[fields.size()];
        values[fields.indexOf("run_id")] = runId;
        values[fields.indexOf("command")] = commandLine;
        values[fields.indexOf("status")] = status.id();
        values[fields.indexOf("error")] = error;
        values[fields.indexOf("started_at")] = Timestamp.from(started);
        values[fields.indexOf("finished_at")] = Timestamp.from(finished);
        values[fields.indexOf("predictions")] = input;
        values[fields.indexOf("duration_ms")] = finished.toEpochMilli() - started.toEpochMilli();
        values[fields.indexOf(StoreTables.JOB)] = job.id();
        return RowFactory.create(values);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
