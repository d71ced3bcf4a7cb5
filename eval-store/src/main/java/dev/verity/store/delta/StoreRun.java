package dev.verity.store.delta;

import dev.verity.store.Errors;
import dev.verity.store.Job;
import dev.verity.store.RunRecord;
import dev.verity.store.RunStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The run row of a command that writes the store: {@link RunStatus#RUNNING} before its first
 * result row, replaced by its outcome (with the error, on one line) when it ends. Its results
 * carry its {@code run_id}, so a run with no result rows (a clean monitor run) still says it ran.
 */
public final class StoreRun {

    private StoreRun() {}

    /**
     * Runs {@code work} (given the run id its result rows carry) as one recorded run of
     * {@code job}; a failure is recorded and rethrown.
     *
     * @param scope what it covers: its job, the model (null: every model of its input), the
     *              command line and the input it reads (the runs table's {@code predictions})
     */
    public static <T> T record(EvaluationStore store, Scope scope, Function<String, T> work) {
        RunRecord run = RunRecord.running(
                UUID.randomUUID().toString(),
                scope.job(),
                scope.model(),
                scope.commandLine(),
                Instant.now(),
                null,
                scope.input(),
                null,
                null);
        store.startRun(run);
        try {
            T result = work.apply(run.runId());
            store.finishRun(run.end(RunStatus.SUCCEEDED, null, Map.of()));
            return result;
        } catch (RuntimeException e) {
            try {
                store.finishRun(run.end(RunStatus.FAILED, Errors.oneLine(e), Map.of()));
            } catch (RuntimeException secondary) {
                e.addSuppressed(secondary);
            }
            throw e;
        }
    }

    /**
     * Records a run of {@code scope} that failed before its work began (its input could not be
     * read, say); throws {@code e}.
     */
    public static void failed(EvaluationStore store, Scope scope, RuntimeException e) {
        record(store, scope, runId -> {
            throw e;
        });
    }

    /** What a run covers. */
    public record Scope(Job job, String model, String commandLine, String input) {}
}
