package dev.verity.cli;

import picocli.CommandLine.Option;

/** {@code --no-prediction-drift}: whether drift and monitor compare the served score too. */
final class PredictionDriftOption {
    @Option(
            names = "--prediction-drift",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Compare the served score like a numeric feature when the data has one, the earliest "
                    + "warning while labels are delayed (default: on).")
    boolean on;
}
