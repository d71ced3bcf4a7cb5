package dev.verity.cli;

import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.slices.SlicesJob;
import dev.verity.metrics.slices.SliceKey;
import dev.verity.store.BadInputException;
import dev.verity.store.Job;
import dev.verity.store.SliceRecord;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "slices",
        mixinStandardHelpOptions = true,
        description = "Find the worst slices: search the value combinations of the candidate columns (numeric ones in "
                + "quantile bins) for slices whose loss is worse than the rest of their window, SliceLine's way "
                + "(ranked by its score, pruned by its parents' bounds), each with its difference's 95%% interval "
                + "corrected for the slices tested (Bonferroni) and its AUC.")
public final class SlicesCommand implements Callable<Integer> {
    @Mixin
    OutputOption output;

    @Mixin
    RowLossOptions loss;

    /** All by default: a slice search wants every row of a period, not a day's few. */
    @Option(
            names = "--window",
            defaultValue = WindowSpec.ALL,
            converter = Converters.WindowSpecText.class,
            description = "1h, 1d, 7d or all (default: ${DEFAULT-VALUE}).")
    WindowSpec window;

    @Mixin
    TimeRangeOptions range;

    @Mixin
    LabelledLogsOptions logs;

    @Option(
            names = "--columns",
            required = true,
            split = ",",
            description = "Candidate columns of the predictions, at most 15.")
    List<String> columns;

    @Option(
            names = "--max-depth",
            defaultValue = "3",
            description = "Most columns in one slice, 1 to 3 (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    @Option(
            names = "--min-rows",
            description = "Fewest rows of a slice (default: 1%% of its window's rows, at least 30).")
    Long minRows;

    @Option(
            names = "--bins",
            defaultValue = "5",
            description = "Quantile bins of a numeric column with more than 20 values (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(
            names = "--top",
            defaultValue = "10",
            description = "Slices reported per model and window (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(
            names = "--alpha",
            defaultValue = "0.999",
            description = "SliceLine's weight of a slice's loss against its size, in (0, 1]; lower favours larger "
                    + "slices (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(
            names = "--exhaustive",
            description = "Evaluate every combination, pruning nothing (to compare with the search).")
    boolean exhaustive;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", description = "Also append the slices found to this evaluation store.")
    String store;

    @Override
    public Integer call() {
        if (maxDepth < 1 || maxDepth > SliceKey.MAX_DEPTH) {
            throw new BadInputException("--max-depth: must be 1 to " + SliceKey.MAX_DEPTH);
        }
        if (columns.size() > SliceKey.MAX_COLUMNS || columns.stream().distinct().count() < columns.size()) {
            throw new BadInputException("--columns: at most " + SliceKey.MAX_COLUMNS + " columns, each once");
        }
        if (bins < 2 || top < 1 || (minRows != null && minRows < 1) || !(alpha > 0 && alpha <= 1)) {
            throw new BadInputException(
                    "--bins must be at least 2, --top and --min-rows at least 1, --alpha in (0, 1]");
        }
        SlicesJob.Config config = new SlicesJob.Config(
                logs.inputs(),
                columns,
                maxDepth,
                minRows,
                bins,
                loss.loss(),
                loss.threshold,
                top,
                alpha,
                exhaustive,
                window,
                range.range(spec.commandLine(), window));
        SparkSession spark = VeritySpark.session();
        SlicesJob job = new SlicesJob(spark, Progress.toStderr("slices"));
        SlicesJob.Result result;
        if (store == null) {
            result = job.run(config);
        } else {
            result = job.runInto(
                    new EvaluationStore(spark, store),
                    new StoreRun.Scope(Job.SLICES, null, output.commandLine(), logs.predictions),
                    config);
        }
        TableOutput table = new TableOutput(SliceRecord.COLUMNS);
        result.slices().forEach(r -> table.add(r.values().toArray()));
        output.print(table);
        System.err.printf(
                "verity slices: %,d slices evaluated over %,d labelled rows%s; intervals at 95%% jointly over them "
                        + "(Bonferroni)%n",
                result.evaluated(), result.rows(), exhaustive ? " (exhaustive)" : "");
        return 0;
    }
}
