package dev.verity.cli;

import dev.verity.metrics.RowLoss;
import dev.verity.store.BadInputException;
import picocli.CommandLine.Option;

/** {@code --metric} and {@code --threshold}: the per-row loss slices and explain add up. */
final class RowLossOptions {
    @Option(
            names = "--metric",
            defaultValue = "log_loss",
            description = "The per-row loss: log_loss, brier or error_rate (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(
            names = "--threshold",
            defaultValue = "0.5",
            description = "error_rate: score >= threshold predicts positive (default: ${DEFAULT-VALUE}).")
    double threshold;

    /** @throws BadInputException for a loss that is not one of them */
    RowLoss loss() {
        try {
            return RowLoss.ofId(metric);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--metric: " + e.getMessage());
        }
    }
}
