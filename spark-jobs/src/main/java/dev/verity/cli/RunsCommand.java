package dev.verity.cli;

import dev.verity.store.Columns;
import dev.verity.store.NamedValues;
import dev.verity.store.RunRecord;
import dev.verity.store.delta.TableSchemas;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "Print the runs recorded in the store with their accounting: where every input row went.")
public final class RunsCommand implements Callable<Integer> {
    /** For people: what ran and how it ended, run_id last; the other formats give every column. */
    private static final List<String> TABLE_COLUMNS = List.of(
            Columns.STARTED_AT,
            Columns.JOB,
            Columns.MODEL,
            Columns.STATUS,
            "evaluated",
            "predictions_quarantined",
            RunRecord.DURATION_MS,
            Columns.RUN_ID);

    @Mixin
    StoreReadOptions storeOptions;

    @Override
    public Integer call() {
        // read by Delta Kernel: no Spark session
        List<NamedValues> runs = storeOptions.snapshot().runs().stream()
                .sorted(java.util.Comparator.comparing(RunRecord::started))
                .map(RunRecord::named)
                .toList();
        List<String> columns = storeOptions.output.format == OutputFormat.TABLE
                ? TABLE_COLUMNS
                : Arrays.asList(TableSchemas.RUN.fieldNames());
        storeOptions.output.print(TableOutput.ofNamed(columns, runs));
        return 0;
    }
}
