package dev.verity.cli;

import dev.verity.drift.loss.Finding;
import dev.verity.jobs.BadInputException;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.evaluate.TimeSpans;
import dev.verity.jobs.evaluate.WindowSpec;
import dev.verity.jobs.monitor.MonitorJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Find data loss and quality problems in a prediction log: missing windows, row-count drops, "
                + "null-rate spikes, duplicate ids, orphan labels, label-coverage drops, schema changes.")
public final class MonitorCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of("kind", "window_start", "column", "observed", "expected", "detail");

    @Option(names = "--predictions", required = true, description = "Prediction log: Delta, Parquet, CSV or JSON lines.")
    String predictions;

    @Option(names = "--labels", description = "Label log, for orphan labels and label coverage.")
    String labels;

    @Option(names = "--reference", description = "Reference data: values outside its range and categories it never had are findings.")
    String reference;

    @Option(names = "--store", description = "Store that remembers the log's schema between runs (for schema_change).")
    String store;

    @Option(names = "--window", defaultValue = "1h", description = "1h, 1d or 7d (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--baseline", defaultValue = "7", description = "How many previous windows a window is compared with (default: ${DEFAULT-VALUE}).")
    int baseline;

    @Option(names = "--label-window", defaultValue = "7d", description = "How long labels may take to arrive (default: ${DEFAULT-VALUE}).")
    String labelWindow;

    @Option(names = "--input-format", description = "Format of the inputs when the name does not tell: delta, parquet, csv, json.")
    String inputFormat;

    @Option(names = "--format", defaultValue = "json", description = "json, csv or table (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        TableOutput.checkFormat(format);
        WindowSpec spec = WindowSpec.parse(window);
        if (spec.isAll()) {
            throw new BadInputException("--window: monitor needs time windows: 1h, 1d or 7d");
        }
        if (baseline < 1) {
            throw new BadInputException("--baseline: must be at least 1, got " + baseline);
        }
        List<Finding> findings = new MonitorJob(VeritySpark.session()).run(new MonitorJob.Config(predictions, labels, inputFormat,
                store, spec, TimeSpans.seconds("--label-window", labelWindow), baseline, reference));
        TableOutput table = new TableOutput(COLUMNS);
        for (Finding f : findings) {
            table.add(f.kind().id(), f.windowStart() == null ? null : Timestamp.from(f.windowStart()), f.column(), f.observed(),
                    Double.isNaN(f.expected()) ? null : f.expected(), f.detail());
        }
        table.print(format, System.out);
        return 0;
    }
}
