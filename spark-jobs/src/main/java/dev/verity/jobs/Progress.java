package dev.verity.jobs;

import dev.verity.jobs.telemetry.Telemetry;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/** Stage-by-stage progress of a long job on stderr, with how long each stage took; each stage is a span. */
public final class Progress {
    private final PrintStream out;
    private final String job;
    private final boolean quiet;

    public Progress(String job, PrintStream out, boolean quiet) {
        this.job = job;
        this.out = out;
        this.quiet = quiet;
    }

    public static Progress silent() {
        return new Progress("", System.err, true);
    }

    public static Progress toStderr(String job) {
        return new Progress(job, System.err, false);
    }

    /** Runs one stage of a job, traced as a span when telemetry is on. */
    public <T> T stage(Stage stage, Supplier<T> work) {
        long start = System.nanoTime();
        if (!quiet) {
            out.printf(Locale.ROOT, "[%s] %s ...%n", job, stage.message());
        }
        Telemetry telemetry = Telemetry.current();
        T result = telemetry == null ? work.get() : telemetry.span(stage, work);
        if (!quiet) {
            out.printf(Locale.ROOT, "[%s] %s done (%.1f s)%n", job, stage.message(), (System.nanoTime() - start) / 1e9);
        }
        return result;
    }

    public void stage(Stage stage, Runnable work) {
        stage(stage, () -> {
            work.run();
            return null;
        });
    }

    public void info(String message) {
        if (!quiet) {
            out.printf(Locale.ROOT, "[%s] %s%n", job, message);
        }
    }

    /** Counts a job's rows with an outcome in the job metrics and on the current span (a no-op without telemetry). */
    public static void rows(String outcome, long count) {
        Telemetry telemetry = Telemetry.current();
        if (telemetry != null) {
            telemetry.rows(outcome, count);
        }
    }

    /** Notes a number on the current stage's span (a no-op without telemetry); counted nowhere else. */
    public static void note(String key, long value) {
        if (Telemetry.current() != null) {
            io.opentelemetry.api.trace.Span.current().setAttribute(key, value);
        }
    }
}
