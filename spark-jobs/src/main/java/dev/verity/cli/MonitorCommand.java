package dev.verity.cli;

import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.monitor.MonitorJob;
import dev.verity.store.BadInputException;
import dev.verity.store.FindingRecord;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "monitor",
        mixinStandardHelpOptions = true,
        description = "Find data loss and quality problems in a prediction log: missing windows, row-count drops, "
                + "null-rate spikes, duplicate ids, orphan labels, label-coverage drops, schema changes.")
public final class MonitorCommand implements Callable<Integer> {
    @Mixin
    OutputOption output;

    @Mixin
    FailOnOption failOn;

    @Option(
            names = "--predictions",
            required = true,
            description = "Prediction log: Delta, Parquet, CSV or JSON lines.")
    String predictions;

    @Option(names = "--labels", description = "Label log, for orphan labels and label coverage.")
    String labels;

    @Option(
            names = "--reference",
            description = "Reference data: values outside its range and categories it never had are findings.")
    String reference;

    @Option(names = "--store", description = "Store that remembers the log's schema between runs (for schema_change).")
    String store;

    @Option(
            names = "--model",
            description = "The model whose rows to judge (default: each model of the log's model column in turn).")
    String model;

    @Option(
            names = "--window",
            defaultValue = "1h",
            converter = Converters.WindowSpecText.class,
            description = "1h, 1d or 7d (default: ${DEFAULT-VALUE}).")
    WindowSpec window;

    @Option(
            names = "--baseline",
            defaultValue = "7",
            description = "How many previous windows a window is compared with (default: ${DEFAULT-VALUE}).")
    int baseline;

    @Option(
            names = "--label-window",
            defaultValue = "7d",
            converter = Converters.Seconds.class,
            description = "How long labels may take to arrive (default: ${DEFAULT-VALUE}).")
    long labelWindowSeconds;

    @Mixin
    TimeRangeOptions range;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    InputFormatOption inputFormat;

    @Mixin
    PredictionDriftOption predictionDrift;

    @Mixin
    ProfilesOption profiles;

    @Override
    public Integer call() {
        if (window.isAll()) {
            throw new BadInputException("--window: monitor needs time windows: 1h, 1d or 7d");
        }
        if (baseline < 1) {
            throw new BadInputException("--baseline: must be at least 1, got " + baseline);
        }
        List<FindingRecord> findings = new MonitorJob(VeritySpark.session())
                .run(new MonitorJob.Config(
                        predictions,
                        labels,
                        inputFormat.format,
                        store,
                        window,
                        labelWindowSeconds,
                        baseline,
                        range.range(spec.commandLine(), window),
                        reference,
                        predictionDrift.on,
                        model,
                        output.commandLine(),
                        profiles.on));
        TableOutput table = new TableOutput(FindingRecord.COLUMNS);
        findings.forEach(f -> table.add(f.values().toArray()));
        output.print(table);
        boolean loss = findings.stream().anyMatch(f -> f.finding().kind().isDataLoss());
        return failOn.exitCode(loss ? EnumSet.of(FailOn.DATA_LOSS) : EnumSet.noneOf(FailOn.class));
    }
}
