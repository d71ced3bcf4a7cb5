package dev.verity.cli;

import dev.verity.store.BadInputException;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Write one self-contained HTML page of the store: advice, quality over time per slice, worst slices, drift heat map, findings, replays.")
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    StoreReadOptions storeOptions;

    @Option(
            names = "--out",
            defaultValue = "verity-report.html",
            description = "The HTML file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        write(ReportData.load(storeOptions.snapshot()), out);
        storeOptions.output.out().println("wrote " + out.toAbsolutePath());
        return 0;
    }

    private static void write(ReportData data, Path out) {
        try {
            HtmlReport.write(data, out);
        } catch (IOException e) {
            throw new BadInputException(out + ": cannot write the report: " + e.getMessage(), e);
        }
    }
}
