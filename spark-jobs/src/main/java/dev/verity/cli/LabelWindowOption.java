package dev.verity.cli;

import picocli.CommandLine.Option;

/** {@code --label-window}: how long after its prediction a label still counts. */
final class LabelWindowOption {
    @Option(
            names = "--label-window",
            paramLabel = "<labelWindowSeconds>",
            defaultValue = "7d",
            converter = Converters.Seconds.class,
            description = "How long after a prediction a label counts (default: ${DEFAULT-VALUE}).")
    long seconds;
}
