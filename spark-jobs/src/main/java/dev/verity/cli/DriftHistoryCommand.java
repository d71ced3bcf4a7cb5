package dev.verity.cli;

import static org.apache.spark.sql.functions.col;

import dev.verity.store.DriftRecord;
import dev.verity.store.StoreTables;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
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
        Dataset<Row> drift = storeOptions.open().drift();
        if (feature != null) {
            drift = drift.filter(col("feature").equalTo(feature));
        }
        if (model != null) {
            drift = drift.filter(col(StoreTables.MODEL).equalTo(model));
        }
        List<Row> rows = drift.orderBy("computed_at", "window_start", "feature").collectAsList();
        storeOptions.output.print(TableOutput.of(COLUMNS, rows));
        return 0;
    }
}
