package dev.verity.cli;

import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.telemetry.Telemetry;
import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import dev.verity.store.NotAStoreException;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code verity} command line. Exit codes: 0 success, 2 bad usage or bad input (one line on
 * stderr naming the file, row or column), 1 any other failure.
 */
@Command(
        name = "verity",
        mixinStandardHelpOptions = true,
        version = "verity 0.1.0",
        description = "Exact ML evaluation and observability on Apache Spark.",
        subcommands = {
            DemoCommand.class,
            EvaluateCommand.class,
            DriftCommand.class,
            DriftHistoryCommand.class,
            AnomaliesCommand.class,
            ProfilesCommand.class,
            MonitorCommand.class,
            MetricsCommand.class,
            RunsCommand.class,
            TrainCommand.class,
            ScoreCommand.class,
            ReplayCommand.class,
            PairsCommand.class,
            PairReplayCommand.class,
            ServeCommand.class,
            AdviseCommand.class,
            CompareCommand.class,
            SlicesCommand.class,
            FairnessCommand.class,
            SwitchbackCommand.class,
            EstimateCommand.class,
            ExplainCommand.class,
            ReportCommand.class,
            StoreCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Verity implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try verity --help)");
    }

    /** VERITY_DEBUG=1 (any value but empty or 0) asks for stack traces. */
    static boolean debug() {
        String value = System.getenv("VERITY_DEBUG");
        return value != null && !value.isEmpty() && !value.equals("0");
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Verity());
        // a shared option's help says what it does in each command
        redescribe(cli.getSubcommands().get("metrics"), "--format", MetricsCommand.FORMAT_HELP);
        cli.getSubcommands().forEach((name, command) -> {
            if (command.getCommandSpec().findOption("--fail-on") != null) {
                redescribe(command, "--fail-on", FailOnOption.help(name));
            }
        });
        // --format csv, --task binary; a misspelt value is named with the nearest, in lower case
        Converters.readingChoices(cli);
        cli.setParameterExceptionHandler((e, args) -> {
            traceFailure(e);
            PrintWriter err = e.getCommandLine().getErr();
            err.println("verity: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            traceFailure(e);
            PrintWriter err = command.getErr();
            if (debug()) {
                e.printStackTrace(err);
            }
            if (e instanceof BadInputException bad && bad.setting() != null) {
                err.println("verity: error: " + flagOf(command, bad.setting()) + ": " + bad.detail());
                return BAD_INPUT;
            }
            if (e instanceof BadInputException || e instanceof NotAStoreException) {
                err.println("verity: error: " + e.getMessage());
                return BAD_INPUT;
            }
            err.println("verity: failed: " + Errors.oneLine(e) + memoryHint(e)
                    + " (set VERITY_DEBUG=1 for the stack trace)");
            return FAILURE;
        });
        return cli;
    }

    /** The command's flag of a job's setting ({@code slice}: {@code --slice}); the setting when it has none. */
    private static String flagOf(CommandLine command, String setting) {
        String flag = "--" + setting;
        return command.getCommandSpec().findOption(flag) != null ? flag : setting;
    }

    private static void redescribe(CommandLine command, String option, String description) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        CommandLine.Model.OptionSpec shared = spec.findOption(option);
        spec.remove(shared);
        spec.addOption(CommandLine.Model.OptionSpec.builder(shared)
                .description(description)
                .build());
    }

    /**
     * For a failure for want of driver memory (Spark's own byte counts, or the JVM out of heap),
     * the setting that gives the driver more; else empty.
     */
    static String memoryHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof OutOfMemoryError
                    || message.contains("spark.driver.maxResultSize")
                    || message.contains("increase heap size")) {
                String setting = System.getenv(DRIVER_MEMORY);
                return "; the driver needs more memory: raise " + DRIVER_MEMORY + " (now "
                        + (setting == null ? Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB of heap" : setting)
                        + ")";
            }
        }
        return "";
    }

    /** bin/verity gives the driver this much heap (-Xmx). */
    static final String DRIVER_MEMORY = "VERITY_DRIVER_MEMORY";

    private static void traceFailure(Exception e) {
        Telemetry telemetry = Telemetry.current();
        if (telemetry != null) {
            telemetry.failed(e);
        }
    }

    public static void main(String[] args) {
        if (debug()) { // before anything starts logging: log4j reads these once
            System.setProperty("verity.log.exceptions", "full");
            System.setProperty("verity.log.taskFailures", "warn");
        }
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "help";
        Telemetry telemetry;
        try {
            telemetry = Telemetry.start(command);
        } catch (ConfigurationException e) {
            System.err.println("verity: error: OpenTelemetry settings: " + e.getMessage());
            exit(command, BAD_INPUT);
            return;
        }
        int code = FAILURE;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) { // an Error: picocli's handlers see exceptions only
            System.err.println("verity: failed: " + Errors.oneLine(e) + memoryHint(e));
        } finally {
            // Flush spans and metrics now: the process ends before a periodic export would fire.
            telemetry.close(code);
            VeritySpark.stop();
        }
        exit(command, code);
    }

    private static void exit(String command, int code) {
        if (VeritySpark.clusterDeployMode()) {
            // Inside the cluster the driver's main must return: Spark judges the run by it, and
            // exiting the JVM here would cut its shutdown short.
            if (code != 0) {
                throw new IllegalStateException("verity " + command + " exited with " + code);
            }
            return;
        }
        System.exit(code);
    }
}
