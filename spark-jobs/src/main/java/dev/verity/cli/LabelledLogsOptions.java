package dev.verity.cli;

import dev.verity.jobs.LabelledInputs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The logs a command joins as {@code evaluate} joins them: {@code --predictions}, {@code
 * --labels}, their format and {@code --label-window}; for slices, estimate and explain.
 */
final class LabelledLogsOptions {
    @Option(names = "--predictions", required = true, description = "Prediction log, as evaluate reads it.")
    String predictions;

    @Option(names = "--labels", required = true, description = "Label log: prediction_id, label, label_ts.")
    String labels;

    @Mixin
    InputFormatOption inputFormat;

    @Mixin
    LabelWindowOption labelWindow;

    LabelledInputs inputs() {
        return new LabelledInputs(predictions, labels, inputFormat.format, inputFormat.format, labelWindow.seconds);
    }
}
