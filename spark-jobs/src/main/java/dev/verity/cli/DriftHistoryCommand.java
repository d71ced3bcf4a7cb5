package dev.verity.cli;

import dev.verity.store.DriftRecord;
import dev.verity.store.StoreTables;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "drift-history",
        mixinStandardHelpOptions = true,
        description = "Print the drift results stored by 'verity drift --store', oldest first.")
public final class DriftHistoryCommand implements Callable<Integer> {
    /** When each result was computed, the result, and the data it judged. */
    private static final List<String> COLUMNS = java.util.stream.Stream.of(
                    List.of("computed_at"), DriftRecord.COLUMNS, List.of("current"))
            .flatMap(List::stream)
            .toList();

    @Mixin
    StoreReadOptions storeOptions;

    @Option(names = "--feature", description = "Only this feature.")
    String feature;

    @Option(names = "--model", description = "Only this model's results.")
    String model;

    @Override
    public Integer call() {
        // read by Delta Kernel: no Spark session
        List<Row> drift = storeOptions.snapshot().drift();
        KnownValues.require(storeOptions.store, "model", model, KnownValues.in(drift, StoreTables.MODEL, null));
        KnownValues.require(storeOptions.store, "feature", feature, KnownValues.in(drift, "feature", model));
        List<Row> rows = drift.stream()
                .filter(r -> MetricsCommand.matches(r, "feature", feature)
                        && MetricsCommand.matches(r, StoreTables.MODEL, model))
                .sorted(java.util.Comparator.<Row, java.sql.Timestamp>comparing(r -> r.getAs("computed_at"))
                        .thenComparing(
                                r -> r.<java.sql.Timestamp>getAs("window_start"),
                                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                        .thenComparing(r -> r.<String>getAs("feature")))
                .toList();
        storeOptions.output.print(TableOutput.of(COLUMNS, rows));
        return 0;
    }
}
