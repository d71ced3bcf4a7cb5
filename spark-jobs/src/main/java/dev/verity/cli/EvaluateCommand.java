package dev.verity.cli;

import static org.apache.spark.sql.functions.col;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.evaluate.EvaluateJob;
import dev.verity.jobs.evaluate.InputScope;
import dev.verity.jobs.evaluate.MetricOptions;
import dev.verity.jobs.evaluate.RunAccounting;
import dev.verity.jobs.io.InputFormat;
import dev.verity.metrics.Calibration;
import dev.verity.metrics.RankingState;
import dev.verity.metrics.Task;
import dev.verity.store.BadInputException;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Join predictions with delayed labels and write every metric per model, window and slice into the store.")
public final class EvaluateCommand implements Callable<Integer> {

    // Required, on the command line or in --conf: checked once both are read.
    @Option(names = "--predictions", description = "Prediction log: Delta, Parquet, CSV or JSON lines (required).")
    String predictions;

    @Option(names = "--labels", description = "Label log: prediction_id, label, label_ts (required).")
    String labels;

    @Option(names = "--store", description = "The evaluation store, created if absent (required).")
    String store;

    @Option(names = "--task", description = "binary, ranking or regression (required).")
    Task task;

    @Option(
            names = "--conf",
            description = "A YAML file of this command's flags (see conf/evaluation.yaml); flags given here win.")
    Path conf;

    @Spec
    CommandSpec spec;

    @Mixin
    SliceOptions slices;

    @Mixin
    WindowOption window;

    @Mixin
    LabelWindowOption labelWindow;

    @Mixin
    TimeRangeOptions range;

    @Option(
            names = "--threshold",
            defaultValue = "0.5",
            description = "Binary: score >= threshold predicts positive (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--calibration-bins",
            defaultValue = "10",
            description = "Binary: equal-mass bins of the expected calibration error and the reliability curve "
                    + "(default: ${DEFAULT-VALUE}).")
    int calibrationBins;

    @Option(
            names = "--k",
            split = ",",
            defaultValue = "5,10",
            description =
                    "Ranking: each K of ndcg@K, mrr@K, map@K, precision@K, recall@K, hit_rate@K (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(
            names = "--relevant-at",
            paramLabel = "R",
            description = "Ranking: items with relevance >= R are relevant for mrr@K, map@K, precision@K, recall@K "
                    + "and hit_rate@K (default: any relevance > 0).")
    Double relevantAt;

    @Option(
            names = "--item-features",
            paramLabel = "FILE",
            description = "Ranking: the items' vectors (item_id, v0..v{d-1}; CSV, JSON lines, Parquet or Delta) for "
                    + "diversity@K, the mean cosine distance between the items of a list's top K.")
    String itemFeatures;

    @Mixin
    InputFormatOption inputFormat;

    @Option(names = "--predictions-format", description = "Format of the prediction log only.")
    InputFormat predictionsFormat;

    @Option(names = "--labels-format", description = "Format of the label log only.")
    InputFormat labelsFormat;

    @Mixin
    OutputOption output;

    @Mixin
    FailOnOption failOn;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Option(
            names = "--incremental",
            description = "Evaluate again only the windows that files new, changed or deleted since the last "
                    + "incremental run over the same logs can change, reading only the files that can hold "
                    + "their rows (the first such run evaluates everything).")
    boolean incremental;

    @Override
    public Integer call() {
        EvaluateJob.Config config = config(output.commandLine());
        Progress progress = quiet ? Progress.silent() : Progress.toStderr("evaluate");
        String runId = UUID.randomUUID().toString();
        EvaluateJob job = new EvaluateJob(VeritySpark.session(), progress);
        RunAccounting accounting = incremental ? job.runIncremental(config, runId) : job.run(config, runId);
        if (output.format == OutputFormat.TABLE) {
            output.out().println(ResultText.evaluation(accounting));
        } else {
            accountingTable(runId, accounting).printOne(output.format, output.out());
        }
        return failOn.none() ? 0 : failOn.exitCode(adviceFound(runId));
    }

    /** What the advice for each model of this run finds (retrain, quality drop). */
    private Set<FailOn> adviceFound(String runId) {
        EvaluationStore evaluationStore = new EvaluationStore(VeritySpark.session(), store);
        StoreEvidence evidence = new StoreEvidence(evaluationStore.snapshot());
        Set<FailOn> found = EnumSet.noneOf(FailOn.class);
        for (Row row : evaluationStore
                .metrics()
                .filter(col("run_id").equalTo(runId))
                .select("model")
                .distinct()
                .collectAsList()) {
            evidence.advise(row.getString(0)).forEach(a -> found.addAll(FailOn.of(a)));
        }
        return found;
    }

    EvaluateJob.Config config(String commandLine) {
        if (conf != null) {
            ConfFile.apply(spec, conf, new EvaluateCommand());
        }
        required("--predictions", predictions);
        required("--labels", labels);
        required("--store", store);
        required("--task", task);
        if (!Double.isFinite(threshold)) {
            throw new BadInputException("--threshold: must be a finite number");
        }
        if (calibrationBins < 1 || calibrationBins > Calibration.MAX_BINS) {
            throw new BadInputException(
                    "--calibration-bins: must be in 1.." + Calibration.MAX_BINS + ", got " + calibrationBins);
        }
        if (relevantAt != null && !(relevantAt > 0 && Double.isFinite(relevantAt))) {
            throw new BadInputException("--relevant-at: must be a number > 0, got " + relevantAt);
        }
        if (itemFeatures != null && task != Task.RANKING) {
            throw new BadInputException("--item-features: only for --task ranking");
        }
        if (Arrays.stream(ks).anyMatch(k -> k < 1)) {
            throw new BadInputException("--k: every K must be >= 1, got " + Arrays.toString(ks));
        }
        return new EvaluateJob.Config(
                new LabelledInputs(
                        predictions,
                        labels,
                        predictionsFormat != null ? predictionsFormat : inputFormat.format,
                        labelsFormat != null ? labelsFormat : inputFormat.format,
                        labelWindow.seconds),
                store,
                task,
                slices.spec(),
                window.spec,
                new MetricOptions(
                        threshold,
                        calibrationBins,
                        ks,
                        relevantAt == null ? RankingState.DEFAULT_RELEVANT_AT : relevantAt,
                        itemFeatures),
                commandLine,
                InputScope.of(range.range(spec.commandLine(), window.spec)));
    }

    private static void required(String flag, Object value) {
        if (value == null) {
            throw new BadInputException(flag + ": required (on the command line or in --conf)");
        }
    }

    /** The run's id and accounting as one row (one JSON object), for --format csv, json and jsonl. */
    private static TableOutput accountingTable(String runId, RunAccounting a) {
        List<Object> values = new ArrayList<>(List.of(runId));
        values.addAll(a.values());
        List<String> columns = new ArrayList<>(List.of("run_id"));
        columns.addAll(RunAccounting.COLUMNS);
        return new TableOutput(columns).add(values.toArray());
    }
}
