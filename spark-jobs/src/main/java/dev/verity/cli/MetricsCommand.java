package dev.verity.cli;

import dev.verity.store.StoreSnapshot;
import dev.verity.store.WindowFinality;
import dev.verity.store.prometheus.MetricHistory;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
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
    /**
     * Whether the row's window is final (its end plus the label window behind the newest label
     * its run saw) or provisional; empty when its run did not say (a store from before, or an
     * estimate).
     */
    static final String FINAL = "window_final";

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
            "run_id",
            FINAL);

    @Mixin
    StoreReadOptions storeOptions;

    /** The help of this command's {@code --format}: the one command that writes OpenMetrics. */
    static final String FORMAT_HELP = "table (for people, the default), csv, json, jsonl or openmetrics.";

    @Option(names = "--model", description = "Only this model.")
    String model;

    @Option(names = "--model-version", description = "Only this model version.")
    String modelVersion;

    @Option(names = "--metric", description = "Only this metric (e.g. auc).")
    String metric;

    @Option(names = "--slice", description = "Only this slice (e.g. all, country=BR).")
    String slice;

    /** Read by Delta Kernel: printing a store's rows starts no Spark session. */
    @Override
    public Integer call() {
        StoreSnapshot snapshot = storeOptions.snapshot();
        requireKnown(snapshot.metrics());
        List<Row> sorted = snapshot.metrics().stream()
                .filter(r -> matches(r, "model", model)
                        && matches(r, "model_version", modelVersion)
                        && matches(r, "metric", metric)
                        && matches(r, "slice", slice))
                .sorted(ORDER)
                .toList();
        if (storeOptions.output.format == OutputFormat.OPENMETRICS) {
            MetricHistory.write(sorted, storeOptions.output.out());
            return 0;
        }
        WindowFinality finality = WindowFinality.of(snapshot.runs());
        List<String> columns = storeOptions.output.format == OutputFormat.TABLE
                ? java.util.stream.Stream.concat(COLUMNS.subList(0, 10).stream(), java.util.stream.Stream.of(FINAL))
                        .toList()
                : COLUMNS;
        TableOutput table = new TableOutput(columns);
        for (Row r : sorted) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = columns.get(i).equals(FINAL)
                        ? finality.isFinal(r.getAs("run_id"), r.getAs("window_end"))
                        : r.getAs(columns.get(i));
            }
            table.add(values);
        }
        storeOptions.output.print(table);
        return 0;
    }

    /** Each filter's value is one the store holds (a version: one of the model's, when a model is given). */
    private void requireKnown(List<Row> rows) {
        KnownValues.require(storeOptions.store, "model", model, KnownValues.in(rows, "model", null));
        KnownValues.require(
                storeOptions.store, "model version", modelVersion, KnownValues.in(rows, "model_version", model));
        KnownValues.require(storeOptions.store, "slice", slice, KnownValues.in(rows, "slice", null));
        KnownValues.require(storeOptions.store, "metric", metric, KnownValues.in(rows, "metric", null));
    }

    private static final Comparator<Row> ORDER = Comparator.<Row, String>comparing(r -> r.getAs("model"))
            .thenComparing(r -> r.<String>getAs("model_version"))
            .thenComparing(r -> r.<java.sql.Timestamp>getAs("window_start"))
            .thenComparing(r -> r.<String>getAs("slice"))
            .thenComparing(r -> r.<String>getAs("metric"));

    /** True when {@code value} is not asked for or the row's {@code column} holds it. */
    static boolean matches(Row row, String column, String value) {
        return value == null || value.equals(row.getAs(column));
    }
}
