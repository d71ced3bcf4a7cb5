package dev.verity.cli;

import dev.verity.jobs.LabelledInputs;
import dev.verity.store.BadInputException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The logs a command joins as {@code evaluate} joins them: {@code --predictions}, {@code
 * --labels}, their format and {@code --label-window}; for slices, estimate, explain, fairness and
 * switchback. Both logs are required ({@link #inputs()} says so), except where a command can read
 * what evaluate stored instead.
 */
final class LabelledLogsOptions {
    @Option(names = "--predictions", description = "Prediction log, as evaluate reads it (required).")
    String predictions;

    @Option(names = "--labels", description = "Label log: prediction_id, label, label_ts (required).")
    String labels;

    @Mixin
    InputFormatOption inputFormat;

    @Mixin
    LabelWindowOption labelWindow;

    /** Whether either log was named. */
    boolean given() {
        return predictions != null || labels != null;
    }

    LabelledInputs inputs() {
        if (predictions == null || labels == null) {
            throw new BadInputException("--predictions and --labels: both logs are required");
        }
        return new LabelledInputs(predictions, labels, inputFormat.format, inputFormat.format, labelWindow.seconds);
    }
}
