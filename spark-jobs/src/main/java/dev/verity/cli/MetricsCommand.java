package dev.verity.cli;

import dev.verity.store.Columns;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.WindowFinality;
import dev.verity.store.prometheus.MetricHistory;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
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

    static final List<String> COLUMNS = java.util.stream.Stream.concat(
                    MetricRecord.COLUMNS.stream().filter(c -> !c.equals(MetricRecord.EVALUATED_AT)),
                    java.util.stream.Stream.of(FINAL))
            .toList();

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
        requireKnown(snapshot.metrics().stream().map(MetricRecord::named).toList());
        List<MetricRecord> sorted = snapshot.metrics().stream()
                .filter(r -> (model == null || model.equals(r.model()))
                        && (modelVersion == null || modelVersion.equals(r.modelVersion()))
                        && (metric == null || metric.equals(r.metric()))
                        && (slice == null || slice.equals(r.slice())))
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
        storeOptions.output.print(TableOutput.ofNamed(
                columns,
                sorted.stream()
                        .map(r -> r.named().put(FINAL, finality.isFinal(r)))
                        .toList()));
        return 0;
    }

    /** Each filter's value is one the store holds (a version: one of the model's, when a model is given). */
    private void requireKnown(List<NamedValues> rows) {
        KnownValues.require(storeOptions.store, "model", model, KnownValues.in(rows, Columns.MODEL, null));
        KnownValues.require(
                storeOptions.store, "model version", modelVersion, KnownValues.in(rows, Columns.MODEL_VERSION, model));
        KnownValues.require(storeOptions.store, "slice", slice, KnownValues.in(rows, Columns.SLICE, null));
        KnownValues.require(storeOptions.store, "metric", metric, KnownValues.in(rows, Columns.METRIC, null));
    }

    private static final Comparator<MetricRecord> ORDER = Comparator.comparing(MetricRecord::model)
            .thenComparing(MetricRecord::modelVersion)
            .thenComparing(MetricRecord::windowStart)
            .thenComparing(MetricRecord::slice)
            .thenComparing(MetricRecord::metric);

    /** True when {@code value} is not asked for or the row's {@code column} holds it. */
    static boolean matches(NamedValues row, String column, String value) {
        return value == null || value.equals(row.get(column));
    }
}
