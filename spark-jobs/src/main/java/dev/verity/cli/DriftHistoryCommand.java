package dev.verity.cli;

import static org.apache.spark.sql.functions.col;

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
    private static final List<String> COLUMNS = List.of(
            "computed_at",
            "window_start",
            "feature",
            "kind",
            "method",
            "statistic",
            "p_value",
            "threshold",
            "drifted",
            "dataset_drift",
            "current");

    @Mixin
    StoreReadOptions storeOptions;

    @Option(names = "--feature", description = "Only this feature.")
    String feature;

    @Override
    public Integer call() {
        Dataset<Row> drift = storeOptions.open().drift();
        if (feature != null) {
            drift = drift.filter(col("feature").equalTo(feature));
        }
        List<Row> rows = drift.orderBy("computed_at", "window_start", "feature").collectAsList();
        storeOptions.output.print(TableOutput.of(COLUMNS, rows));
        return 0;
    }
}
