package dev.verity.cli;

import static org.apache.spark.sql.functions.col;

import dev.verity.store.prometheus.MetricHistory;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "metrics",
        mixinStandardHelpOptions = true,
        description = "Print the metric rows of the evaluation store; --format openmetrics writes every "
                + "window's values stamped with its end, for promtool tsdb create-blocks-from openmetrics.")
public final class MetricsCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of(
            "model",
            "model_version",
            "task",
            "window_start",
            "window_end",
            "slice",
            "metric",
            "value",
            "n",
            "reason",
            "run_id");

    @Mixin
    StoreReadOptions storeOptions;

    @Option(names = "--model", description = "Only this model.")
    String model;

    @Option(names = "--model-version", description = "Only this model version.")
    String modelVersion;

    @Option(names = "--metric", description = "Only this metric (e.g. auc).")
    String metric;

    @Option(names = "--slice", description = "Only this slice (e.g. all, country=BR).")
    String slice;

    @Override
    public Integer call() {
        Dataset<Row> rows = storeOptions.open().metrics();
        rows = filter(rows, "model", model);
        rows = filter(rows, "model_version", modelVersion);
        rows = filter(rows, "metric", metric);
        rows = filter(rows, "slice", slice);
        List<Row> sorted = rows.orderBy("model", "model_version", "window_start", "slice", "metric")
                .collectAsList();
        if (storeOptions.output.format == OutputFormat.OPENMETRICS) {
            MetricHistory.write(sorted, storeOptions.output.out());
            return 0;
        }
        storeOptions.output.print(TableOutput.of(
                storeOptions.output.format == OutputFormat.TABLE ? COLUMNS.subList(0, 10) : COLUMNS, sorted));
        return 0;
    }

    private static Dataset<Row> filter(Dataset<Row> rows, String column, String value) {
        return value == null ? rows : rows.filter(col(column).equalTo(value));
    }
}
