package dev.verity.cli;

import dev.verity.jobs.Period;
import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.explain.ExplainJob;
import dev.verity.store.BadInputException;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.Job;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = "Rank the features by how much of a model's loss change from --reference-period to --period "
                + "their shift accounts for: the reference reweighted to each feature's distribution in the period "
                + "(share: the part of the change it reproduces) and, over windows of --window, the correlation of "
                + "the feature's PSI with the loss change (NannyML's ranker), in one slice or all rows.")
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    LabelledLogsOptions logs;

    @Option(names = "--model", required = true, description = "The model whose change to explain.")
    String model;

    @Option(
            names = "--reference-period",
            paramLabel = "START/END",
            converter = Converters.PeriodText.class,
            description = "The period the model did well in (required): UTC days, the end excluded, or instants.")
    Period reference;

    @Option(
            names = "--period",
            paramLabel = "START/END",
            converter = Converters.PeriodText.class,
            description = "The period to explain (required).")
    Period period;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private WindowSpec window = WindowSpec.parse("1d");

    @Option(
            names = "--window",
            paramLabel = "SIZE",
            description = "The windows the correlation runs over: 1h, 1d or 7d (default: 1d).")
    void window(String size) {
        if (size.contains("/")) {
            RenamedOption.warn(spec, "--window START/END", "--period");
            period = RenamedOption.convert(spec, "--window", new Converters.PeriodText(), size);
        } else {
            window = RenamedOption.convert(spec, "--window", new Converters.WindowSpecText(), size);
        }
    }

    @Option(names = "--reference-window", hidden = true)
    void referenceWindow(String old) {
        RenamedOption.warn(spec, "--reference-window", "--reference-period");
        reference = RenamedOption.convert(spec, "--reference-window", new Converters.PeriodText(), old);
    }

    @Option(names = "--per", hidden = true)
    void per(String old) {
        RenamedOption.warn(spec, "--per", "--window");
        window = RenamedOption.convert(spec, "--per", new Converters.WindowSpecText(), old);
    }

    @Option(names = "--slice", description = "Only this slice's rows, named as evaluate names it: a=x,b=y.")
    String slice;

    @Option(
            names = "--features",
            split = ",",
            description = "Candidate features (default: every column of the predictions that is not a log column).")
    List<String> features;

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
        RenamedOption.required(reference, "--reference-period");
        RenamedOption.required(period, "--period");
        if (bins < 2 || window.isAll()) {
            throw new BadInputException("--bins must be at least 2 and --window one of 1h, 1d, 7d");
        }
        if (reference.end().isAfter(period.start()) && period.end().isAfter(reference.start())) {
            throw new BadInputException("--reference-period " + reference + " and --period " + period + " overlap");
        }
        ExplainJob.Config config = new ExplainJob.Config(
                logs.inputs(), model, reference, period, slice, features, loss.loss(), loss.threshold, window, bins);
        SparkSession spark = VeritySpark.session();
        ExplainJob job = new ExplainJob(spark, Progress.toStderr("explain"));
        List<ExplanationRecord> explanations;
        if (store == null) {
            explanations = job.run(config);
        } else {
            explanations = job.runInto(
                    new EvaluationStore(spark, store),
                    new StoreRun.Scope(Job.EXPLAIN, model, output.commandLine(), logs.predictions),
                    config);
        }
        TableOutput table = new TableOutput(ExplanationRecord.COLUMNS);
        explanations.forEach(e -> table.add(e.values().toArray()));
        output.print(table);
        return 0;
    }
}
