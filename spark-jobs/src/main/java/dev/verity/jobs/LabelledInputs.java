package dev.verity.jobs;

import dev.verity.jobs.io.InputFormat;

/**
 * The logs a job joins as evaluate joins them: the predictions and the labels, the format of each
 * (null: told from the files), and how long after a prediction its label counts.
 */
public record LabelledInputs(
        String predictions,
        String labels,
        InputFormat predictionsFormat,
        InputFormat labelsFormat,
        long labelWindowSeconds) {}
