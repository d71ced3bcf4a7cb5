package dev.verity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.replay.ReplayJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-run a saved model on logged traffic and compare with the scores served live (and with a challenger).")
public final class ReplayCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--model", required = true, description = "The model that served the traffic (saved by verity train).")
    String model;

    @Option(names = "--challenger", description = "A second model to score the same traffic and compare with the first.")
    String challenger;

    @Option(names = "--traffic", required = true, description = "Logged traffic: prediction_id, score and the model's features.")
    String traffic;

    @Option(names = "--labels", description = "Labels (prediction_id, label[, label_ts]) for live-versus-replay metrics.")
    String labels;

    @Option(names = "--store", description = "Evaluation store to append the results to.")
    String store;

    @Option(names = "--name", description = "Name to store the results under (default: the model folder's name).")
    String name;

    @Option(names = "--tolerance", defaultValue = "1e-9", description = "Largest |replayed - live| that still agrees (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--slice-by", split = ",", description = "Columns to compare metrics by, each value its own slice.")
    List<String> sliceBy = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--input-format", description = "Format of --traffic and --labels when the names do not tell.")
    String inputFormat;

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "csv", "json").contains(format)) {
            throw new dev.verity.jobs.BadInputException("--format: '" + format + "' is not one of table, csv, json");
        }
        ReplayJob.Report report = new ReplayJob(VeritySpark.session(), Progress.toStderr("replay")).run(new ReplayJob.Config(
                model, challenger, traffic, inputFormat, labels, inputFormat, store, tolerance, sliceBy, name));
        PrintStream out = System.out;
        if (format.equals("json")) {
            out.println(JSON.writeValueAsString(report));
            return 0;
        }
        if (format.equals("csv")) {
            // Sections separated by a blank line, each a CSV with its header; the mismatches come first.
            TableOutput mismatches = mismatchTable(report);
            mismatches.print("csv", out);
            out.println();
            new TableOutput(List.of("rows", "mismatches", "live_score_missing", "max_abs_difference", "mean_abs_difference"))
                    .add(report.rows(), report.mismatches(), report.liveMissing(), report.maxAbsDifference(), report.meanAbsDifference())
                    .print("csv", out);
            if (!report.comparisons().isEmpty()) {
                out.println();
                comparisonTable(report).print("csv", out);
            }
            return 0;
        }
        printForPeople(report, out);
        return 0;
    }

    private static TableOutput mismatchTable(ReplayJob.Report report) {
        TableOutput table = new TableOutput(List.of("prediction_id", "live_score", "replay_score", "difference"));
        report.mismatched().forEach(m -> table.add(m.predictionId(), m.live(), m.replay(), m.difference()));
        return table;
    }

    private static TableOutput comparisonTable(ReplayJob.Report report) {
        TableOutput table = new TableOutput(List.of("baseline", "candidate", "slice", "metric", "baseline_value", "candidate_value",
                "delta", "delta_ci_low", "delta_ci_high", "p_value", "verdict", "n"));
        report.comparisons().forEach(c -> table.add(c.baseline(), c.candidate(), c.slice(), c.metric(), c.baselineValue(),
                c.candidateValue(), c.delta(), c.ciLow(), c.ciHigh(), c.pValue(), c.verdict() == null ? c.reason() : c.verdict(), c.n()));
        return table;
    }

    static void printForPeople(ReplayJob.Report report, PrintStream out) {
        out.printf(Locale.ROOT, "%,d rows replayed: %,d mismatches (|replayed - live| beyond the tolerance or no live score)%n",
                report.rows(), report.mismatches());
        if (report.maxAbsDifference() != null) {
            out.printf(Locale.ROOT, "largest difference %.3g, mean %.3g%n", report.maxAbsDifference(), report.meanAbsDifference());
        }
        out.println();
        out.println("Differences replayed - live");
        TableOutput buckets = new TableOutput(List.of("|difference|", "rows"));
        report.differenceBuckets().forEach(buckets::add);
        buckets.print("table", out);
        if (!report.differenceQuantiles().isEmpty()) {
            TableOutput quantiles = new TableOutput(new ArrayList<>(report.differenceQuantiles().keySet()));
            quantiles.add(report.differenceQuantiles().values().toArray());
            quantiles.print("table", out);
        }
        if (!report.mismatched().isEmpty()) {
            out.println();
            out.println("Mismatched rows, largest difference first");
            mismatchTable(report).print("table", out);
        }
        if (!report.associations().isEmpty()) {
            out.println();
            out.println("Features most associated with mismatches (mismatched rows' values against the others')");
            TableOutput table = new TableOutput(List.of("feature", "kind", "test", "statistic", "p_value"));
            report.associations().forEach(a -> table.add(a.feature(), a.kind(), a.method(), a.statistic(),
                    a.pValue() == null ? a.reason() : a.pValue()));
            table.print("table", out);
        }
        if (!report.comparisons().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "Metrics on %,d labelled rows (%,d invalid labels ignored); AUC delta with its paired 95%% DeLong interval%n",
                    report.labelled(), report.labelsInvalid());
            comparisonTable(report).print("table", out);
        }
    }
}
