package dev.verity.cli;

import dev.verity.jobs.BadInputException;
import dev.verity.jobs.Period;
import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.explain.ExplainJob;
import dev.verity.store.EvaluationStore;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.StoreRun;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = "Rank the features by how much of a model's loss change from --reference-window to --window "
                + "their shift accounts for: the reference reweighted to each feature's window distribution "
                + "(share: the part of the change it reproduces) and, over the --per windows, the correlation of "
                + "the feature's PSI with the loss change (NannyML's ranker), in one slice or all rows.")
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    LabelledLogsOptions logs;

    @Option(names = "--model", required = true, description = "The model whose change to explain.")
    String model;

    @Option(
            names = "--reference-window",
            required = true,
            converter = Converters.PeriodText.class,
            description = "The period the model did well in, START/END (UTC days, the end excluded, or instants).")
    Period reference;

    @Option(
            names = "--window",
            required = true,
            converter = Converters.PeriodText.class,
            description = "The period to explain, START/END.")
    Period window;

    @Option(names = "--slice", description = "Only this slice's rows, named as evaluate names it: a=x,b=y.")
    String slice;

    @Option(
            names = "--features",
            split = ",",
            description = "Candidate features (default: every column of the predictions that is not a log column).")
    List<String> features;

    @Option(
            names = "--per",
            defaultValue = "1d",
            converter = Converters.Window.class,
            description = "The windows the correlation runs over: 1h, 1d or 7d (default: ${DEFAULT-VALUE}).")
    WindowSpec per;

    @Option(
            names = "--bins",
            defaultValue = "10",
            description = "Quantile bins of a numeric feature with more than 20 values (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--store", description = "Also append the ranking to this evaluation store.")
    String store;

    @Mixin
    RowLossOptions loss;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        if (bins < 2 || per.isAll()) {
            throw new BadInputException("--bins must be at least 2 and --per one of 1h, 1d, 7d");
        }
        if (reference.end().isAfter(window.start()) && window.end().isAfter(reference.start())) {
            throw new BadInputException("--reference-window " + reference + " and --window " + window + " overlap");
        }
        ExplainJob.Config config = new ExplainJob.Config(
                logs.predictions,
                logs.labels,
                logs.inputFormat.format,
                model,
                reference,
                window,
                slice,
                features,
                loss.loss(),
                loss.threshold,
                per,
                bins,
                logs.labelWindowSeconds);
        SparkSession spark = VeritySpark.session();
        ExplainJob job = new ExplainJob(spark, Progress.toStderr("explain"));
        List<ExplanationRecord> explanations;
        if (store == null) {
            explanations = job.run(config);
        } else {
            explanations = job.runInto(
                    new EvaluationStore(spark, store),
                    new StoreRun.Scope(StoreRun.Job.EXPLAIN, model, output.commandLine(), logs.predictions),
                    config);
        }
        TableOutput table = new TableOutput(ExplanationRecord.COLUMNS);
        explanations.forEach(e -> table.add(e.values().toArray()));
        output.print(table);
        return 0;
    }
}
