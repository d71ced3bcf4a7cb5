package dev.verity.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --format}, the output format of every command, and the writer commands print to. */
final class OutputOption {
    @Option(
            names = "--format",
            defaultValue = "table",
            description = "table (for people, the default), csv, json or jsonl.")
    OutputFormat format;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** picocli's writer for the command's output (tests capture it). */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The command line as the user gave it ({@code verity evaluate --predictions ...}), for the run's row. */
    String commandLine() {
        // The original arguments start with the subcommand's own name.
        return command.root().name() + " "
                + String.join(" ", command.commandLine().getParseResult().originalArgs());
    }

    /**
     * A line a person needs to read the result right (which window a verdict is about): above the
     * table, or on stderr where a program reads the output.
     */
    void note(String line) {
        (format == OutputFormat.TABLE ? out() : command.commandLine().getErr()).println(line);
    }

    void print(TableOutput table) {
        table.print(format, out());
    }
}
