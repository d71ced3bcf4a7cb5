package dev.verity.cli;

import dev.verity.jobs.BadInputException;
import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.evaluate.EvaluateJob;
import dev.verity.jobs.evaluate.RunAccounting;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.metrics.Task;
import dev.verity.jobs.evaluate.TimeSpans;
import dev.verity.jobs.evaluate.WindowSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Join predictions with delayed labels and write every metric per model, window and slice into the store.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--predictions", required = true, description = "Prediction log: Delta, Parquet, CSV or JSON lines.")
    String predictions;

    @Option(names = "--labels", required = true, description = "Label log (prediction_id, label, label_ts).")
    String labels;

    @Option(names = "--store", required = true, description = "The evaluation store (a Delta table; created if absent).")
    String store;

    @Option(names = "--task", required = true, description = "binary, ranking or regression.")
    String task;

    @Option(names = "--slice-by", split = ",", description = "Columns to slice by, each value its own slice.")
    List<String> sliceBy = new ArrayList<>();

    @Option(names = "--cross", description = "Crossed slice columns a:b (repeatable).")
    List<String> crosses = new ArrayList<>();

    @Option(names = "--window", defaultValue = "1d", description = "1h, 1d, 7d or all (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--label-window", defaultValue = "7d", description = "How long after a prediction a label counts (default: ${DEFAULT-VALUE}).")
    String labelWindow;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Binary: score >= threshold predicts positive (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--k", split = ",", defaultValue = "5,10", description = "Ranking: the K of NDCG@K (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--format", description = "Format of both inputs when the name does not tell: delta, parquet, csv, json.")
    String format;

    @Option(names = "--predictions-format", description = "Format of the prediction log only.")
    String predictionsFormat;

    @Option(names = "--labels-format", description = "Format of the label log only.")
    String labelsFormat;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        EvaluateJob.Config config = config(String.join(" ", commandWords()));
        Progress progress = quiet ? Progress.silent() : Progress.toStderr("evaluate");
        RunAccounting accounting = new EvaluateJob(VeritySpark.session(), progress).run(config);
        System.out.println(summary(accounting));
        return 0;
    }

    EvaluateJob.Config config(String commandLine) {
        Task parsedTask;
        try {
            parsedTask = Task.valueOf(task.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--task: '" + task + "' is not one of binary, ranking, regression");
        }
        if (!Double.isFinite(threshold)) {
            throw new BadInputException("--threshold: must be a finite number");
        }
        if (Arrays.stream(ks).anyMatch(k -> k < 1)) {
            throw new BadInputException("--k: every K must be >= 1, got " + Arrays.toString(ks));
        }
        List<List<String>> crossed = new ArrayList<>();
        for (String cross : crosses) {
            List<String> parts = Arrays.asList(cross.split(":"));
            if (parts.size() < 2 || parts.stream().anyMatch(String::isBlank)) {
                throw new BadInputException("--cross: '" + cross + "' is not of the form a:b");
            }
            crossed.add(parts);
        }
        return new EvaluateJob.Config(predictions, labels,
                predictionsFormat != null ? predictionsFormat : format, labelsFormat != null ? labelsFormat : format,
                store, parsedTask, new SliceSpec(sliceBy, crossed), WindowSpec.parse(window),
                TimeSpans.seconds("--label-window", labelWindow), threshold, ks, commandLine);
    }

    private List<String> commandWords() {
        List<String> words = new ArrayList<>(List.of("verity", "evaluate", "--predictions", predictions, "--labels", labels,
                "--store", store, "--task", task, "--window", window, "--label-window", labelWindow));
        if (!sliceBy.isEmpty()) {
            words.addAll(List.of("--slice-by", String.join(",", sliceBy)));
        }
        crosses.forEach(c -> words.addAll(List.of("--cross", c)));
        return words;
    }

    static String summary(RunAccounting a) {
        return String.format(Locale.ROOT, "evaluated %,d predictions into %,d metric rows%n"
                        + "predictions: %,d read = %,d evaluated + %,d unlabeled + %,d duplicates + %,d quarantined%n"
                        + "labels:      %,d read = %,d used + %,d superseded + %,d late + %,d invalid + %,d orphan + %,d quarantined%s",
                a.evaluated(), a.metricRows(), a.predictionsRead(), a.evaluated(), a.unlabeled(), a.duplicatePredictions(),
                a.predictionsQuarantined(), a.labelsRead(), a.labelsUsed(), a.supersededLabels(), a.lateLabels(),
                a.invalidLabels(), a.orphanLabels(), a.labelsQuarantined(),
                a.quarantinedByReason().isEmpty() ? "" : "\nquarantined by reason: " + new java.util.TreeMap<>(a.quarantinedByReason()));
    }
}
