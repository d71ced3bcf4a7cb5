package dev.verity.cli;

import dev.verity.jobs.WindowSpec;
import picocli.CommandLine.Option;

/** {@code --window}: the length of the windows a command computes over, as evaluate has them. */
final class WindowOption {
    @Option(
            names = "--window",
            paramLabel = "<window>",
            defaultValue = "1d",
            converter = Converters.WindowSpecText.class,
            description = "1h, 1d, 7d or all (default: ${DEFAULT-VALUE}).")
    WindowSpec spec;
}
