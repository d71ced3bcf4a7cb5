package dev.verity.cli;

import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.switchback.SwitchbackJob;
import dev.verity.store.BadInputException;
import dev.verity.store.Job;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "switchback",
        mixinStandardHelpOptions = true,
        description = "A switch-back test: the periods each version served (the log's model_version), the rows of "
                + "each period's burn-in dropped, the metric per period, and the effect (treatment minus control) "
                + "at the period level: Welch's t interval and p-value on the period means, and a permutation "
                + "p-value over the arms' assignment to the periods.")
public final class SwitchbackCommand implements Callable<Integer> {
    @Mixin
    OutputOption output;

    @Mixin
    LabelledLogsOptions logs;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--model", required = true, description = "The model whose versions alternated.")
    String model;

    @Option(names = "--control", required = true, description = "The version compared against (v1).")
    String control;

    @Option(names = "--treatment", required = true, description = "The version tested (v2).")
    String treatment;

    @Option(
            names = "--period",
            defaultValue = "1h",
            converter = Converters.Seconds.class,
            description = "How long each version served before the switch: 30m, 1h, 1d (default: ${DEFAULT-VALUE}).")
    long periodSeconds;

    @Option(
            names = "--burn-in",
            defaultValue = "10m",
            converter = Converters.Seconds.class,
            description = "The first minutes of each period, dropped while the system settles (default: "
                    + "${DEFAULT-VALUE}).")
    long burnInSeconds;

    @Option(
            names = "--metric",
            defaultValue = "outcome_rate",
            description = "outcome_rate (the mean label), auc or log_loss (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--store", description = "Also append the verdict to this evaluation store (_verity/switchback).")
    String store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (control.equals(treatment)) {
            throw new BadInputException("--treatment: must differ from --control");
        }
        SwitchbackJob.Metric judged;
        try {
            judged = SwitchbackJob.Metric.ofId(metric);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--metric: " + e.getMessage());
        }
        SwitchbackJob.Config config = new SwitchbackJob.Config(
                logs.inputs(),
                model,
                control,
                treatment,
                periodSeconds,
                burnInSeconds,
                judged,
                range.range(spec.commandLine(), WindowSpec.parse(WindowSpec.ALL)));
        SparkSession spark = VeritySpark.session();
        SwitchbackJob job = new SwitchbackJob(spark);
        SwitchbackJob.Result result = store == null
                ? job.run(config)
                : job.runInto(
                        new EvaluationStore(spark, store),
                        new StoreRun.Scope(Job.SWITCHBACK, model, output.commandLine(), logs.predictions),
                        config);
        if (result.mixedPeriods() > 0 || result.undefinedPeriods() > 0) {
            output.note(result.mixedPeriods() + " period(s) where both versions served and " + result.undefinedPeriods()
                    + " whose " + metric + " is undefined were left out");
        }
        if (result.verdict().warning() != null) {
            output.note("warning: " + result.verdict().warning());
        }
        output.print(TableOutput.ofNamed(
                SwitchbackRecord.COLUMNS, List.of(result.verdict().named())));
        return 0;
    }
}
