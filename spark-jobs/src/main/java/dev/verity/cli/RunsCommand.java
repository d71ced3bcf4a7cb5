package dev.verity.cli;

import dev.verity.store.StoreTables;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "Print the runs recorded in the store with their accounting: where every input row went.")
public final class RunsCommand implements Callable<Integer> {
    /** For people: what ran and how it ended, run_id last; the other formats give every column. */
    private static final List<String> TABLE_COLUMNS = List.of(
            "started_at",
            StoreTables.JOB,
            StoreTables.MODEL,
            "status",
            "evaluated",
            "predictions_quarantined",
            "duration_ms",
            "run_id");

    @Mixin
    StoreReadOptions storeOptions;

    @Override
    public Integer call() {
        // read by Delta Kernel: no Spark session
        List<Row> runs = storeOptions.snapshot().runs().stream()
                .sorted(java.util.Comparator.comparing(r -> r.<java.sql.Timestamp>getAs("started_at")))
                .toList();
        List<String> columns = storeOptions.output.format == OutputFormat.TABLE
                ? TABLE_COLUMNS
                : Arrays.asList(StoreTables.RUN.fieldNames());
        storeOptions.output.print(TableOutput.of(columns, runs));
        return 0;
    }
}
