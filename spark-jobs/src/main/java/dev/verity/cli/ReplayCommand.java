package dev.verity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.replay.ReplayJob;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Re-run a saved model on logged traffic and compare with the scores served live (and with a challenger).")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    OutputOption output;

    @Mixin
    FailOnOption failOn;

    /** snake_case keys, as every other command's JSON. */
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Option(
            names = "--model",
            required = true,
            description = "The model that served the traffic (saved by verity train).")
    String model;

    @Option(
            names = "--challenger",
            description = "A second model to score the same traffic and compare with the first.")
    String challenger;

    @Option(
            names = "--traffic",
            required = true,
            description = "Logged traffic: prediction_id, score and the model's features.")
    String traffic;

    @Option(
            names = "--labels",
            description = "Labels (prediction_id, label[, label_ts]) for live-versus-replay metrics.")
    String labels;

    /** The format of --traffic and --labels. */
    @Mixin
    InputFormatOption inputFormat;

    @Option(names = "--store", description = "Evaluation store to append the results to.")
    String store;

    @Option(names = "--name", description = "Name to store the results under (default: the model folder's name).")
    String name;

    @Mixin
    ToleranceOption tolerance;

    @Option(names = "--slice-by", split = ",", description = "Columns to compare metrics by, each value its own slice.")
    List<String> sliceBy = new ArrayList<>();

    /** table: the report for people; json and jsonl: the whole report as one object; csv: its tables in sections. */
    @Override
    public Integer call() throws Exception {
        ReplayJob.Report report = new ReplayJob(VeritySpark.session(), Progress.toStderr("replay"))
                .run(new ReplayJob.Config(
                        model,
                        challenger,
                        traffic,
                        inputFormat.format,
                        labels,
                        inputFormat.format,
                        store,
                        tolerance.value,
                        sliceBy,
                        name,
                        output.commandLine()));
        PrintWriter out = output.out();
        switch (output.format) {
            case JSON -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            case JSONL -> out.println(JSON.writeValueAsString(report));
            case CSV -> {
                // Sections separated by a blank line, each a CSV with its header; the mismatches come first.
                ResultText.replayMismatches(report).print(OutputFormat.CSV, out);
                out.println();
                new TableOutput(List.of(
                                "rows",
                                "mismatches",
                                "live_score_missing",
                                "max_abs_difference",
                                "mean_abs_difference"))
                        .add(
                                report.rows(),
                                report.mismatches(),
                                report.liveMissing(),
                                report.maxAbsDifference(),
                                report.meanAbsDifference())
                        .print(OutputFormat.CSV, out);
                if (!report.comparisons().isEmpty()) {
                    out.println();
                    ResultText.replayComparisons(report).print(OutputFormat.CSV, out);
                }
            }
            case TABLE -> ResultText.replay(report, out);
        }
        out.flush();
        return failOn.exitCode(report.mismatches() > 0 ? EnumSet.of(FailOn.MISMATCH) : EnumSet.noneOf(FailOn.class));
    }
}
