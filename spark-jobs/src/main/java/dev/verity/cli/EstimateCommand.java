package dev.verity.cli;

import dev.verity.jobs.Period;
import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.estimate.EstimateJob;
import dev.verity.store.BadInputException;
import dev.verity.store.Job;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description = "Estimate a binary model's AUC, precision, recall, F1 and accuracy per window and slice "
                + "before its labels arrive (confidence-based, as NannyML's CBPE): the scores are calibrated "
                + "(isotonic) on the labelled predictions of --reference-period; each estimate has a 95%% interval and "
                + "stands beside the realized value on the rows labelled so far.")
public final class EstimateCommand implements Callable<Integer> {
    @Mixin
    LabelledLogsOptions logs;

    @Option(
            names = "--reference-period",
            paramLabel = "START/END",
            converter = Converters.PeriodText.class,
            description = "The labelled period to calibrate on (required): 2026-11-01/2026-11-08 (UTC days, the end "
                    + "excluded) or two ISO-8601 instants.")
    Period reference;

    @Option(names = "--reference", hidden = true)
    void oldReference(String old) {
        RenamedOption.warn(spec, "--reference", "--reference-period");
        reference = RenamedOption.convert(spec, "--reference", new Converters.PeriodText(), old);
    }

    @Mixin
    SliceOptions slices;

    @Mixin
    WindowOption window;

    @Mixin
    TimeRangeOptions range;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--threshold",
            defaultValue = "0.5",
            description = "score >= threshold predicts positive (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--store",
            description =
                    "Also write the estimates into this store's metrics (estimated_auc, estimated_auc_ci_low, ...).")
    String store;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        RenamedOption.required(reference, "--reference-period");
        if (!Double.isFinite(threshold)) {
            throw new BadInputException("--threshold: must be a finite number");
        }
        EstimateJob.Config config = new EstimateJob.Config(
                logs.inputs(),
                reference,
                window.spec,
                range.range(spec.commandLine(), window.spec),
                slices.spec(),
                threshold);
        SparkSession spark = VeritySpark.session();
        EstimateJob job = new EstimateJob(spark, Progress.toStderr("estimate"));
        EstimateJob.Result result;
        if (store == null) {
            result = job.run(config);
        } else {
            result = job.runInto(
                    new EvaluationStore(spark, store),
                    new StoreRun.Scope(Job.ESTIMATE, null, output.commandLine(), logs.predictions),
                    config);
        }
        TableOutput table = new TableOutput(EstimateJob.Estimate.COLUMNS);
        result.estimates().forEach(e -> table.add(e.values().toArray()));
        output.print(table);
        result.referenceRows()
                .forEach((version, rows) -> System.err.printf(
                        "verity estimate: %s calibrated on %,d labelled predictions of %s%n",
                        version, rows, reference));
        result.uncalibrated()
                .forEach(version -> System.err.printf(
                        "verity estimate: %s not estimated: it has no labelled predictions in %s%n",
                        version, reference));
        return 0;
    }
}
