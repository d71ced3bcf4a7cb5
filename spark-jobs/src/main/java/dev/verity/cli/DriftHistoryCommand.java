package dev.verity.cli;

import dev.verity.store.Columns;
import dev.verity.store.DriftRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.Recorded;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "drift-history",
        mixinStandardHelpOptions = true,
        description = "Print the drift results stored by 'verity drift --store', oldest first.")
public final class DriftHistoryCommand implements Callable<Integer> {
    /** When each result was computed, the result (a multivariate one's interval and features too), and the data it judged. */
    private static final List<String> COLUMNS = java.util.stream.Stream.of(
                    List.of(Columns.COMPUTED_AT),
                    DriftRecord.COLUMNS,
                    DriftRecord.MULTIVARIATE_COLUMNS,
                    List.of(DriftRecord.CURRENT))
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
        List<NamedValues> drift = storeOptions.snapshot().drift().stream()
                .sorted(Comparator.comparing((Recorded<DriftRecord> r) -> r.computedAt())
                        .thenComparing(r -> r.record().windowStart(), Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(r -> r.record().result().feature()))
                .map(r -> r.record().named().put(Columns.COMPUTED_AT, java.sql.Timestamp.from(r.computedAt())))
                .toList();
        KnownValues.require(storeOptions.store, "model", model, KnownValues.in(drift, Columns.MODEL, null));
        KnownValues.require(storeOptions.store, "feature", feature, KnownValues.in(drift, Columns.FEATURE, model));
        List<NamedValues> rows = drift.stream()
                .filter(r -> MetricsCommand.matches(r, Columns.FEATURE, feature)
                        && MetricsCommand.matches(r, Columns.MODEL, model))
                .toList();
        storeOptions.output.print(TableOutput.ofNamed(COLUMNS, rows));
        return 0;
    }
}
