package dev.verity.cli;

import picocli.CommandLine.Option;

/** {@code --tolerance}: how far a replayed score may be from the live one and still agree. */
final class ToleranceOption {
    @Option(
            names = "--tolerance",
            paramLabel = "<tolerance>",
            defaultValue = "1e-9",
            description = "Largest |replayed - live| that still agrees (default: ${DEFAULT-VALUE}).")
    double value;
}
