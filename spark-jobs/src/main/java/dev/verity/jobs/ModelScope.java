package dev.verity.jobs;

import static org.apache.spark.sql.functions.col;

import dev.verity.store.BadInputException;
import dev.verity.store.Columns;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which model's rows a drift or monitor run covers, so that evidence never mixes across models:
 * the {@code --model} flag, else each value of the input's {@code model} column in turn, else
 * (no such column) the whole input, named by no model (null).
 */
public final class ModelScope {
    private ModelScope() {}

    /** One model's run: its rows are {@code only(input, model)}; {@code runId} is null without a store. */
    @FunctionalInterface
    public interface Work<T> {
        T run(String model, Dataset<Row> input, String runId);
    }

    /**
     * Runs {@code work} for each model of the input {@code read} gives (see {@link #of}), each as
     * its own run of {@code store} (null: none recorded). An input that cannot be read, or has no
     * rows of {@code flag}, is recorded as a failed run of {@code flag}'s scope.
     */
    public static <T> List<T> runEach(
            Supplier<Dataset<Row>> read,
            String source,
            String flag,
            EvaluationStore store,
            Function<String, StoreRun.Scope> scope,
            Work<T> work) {
        Dataset<Row> input;
        List<String> models;
        try {
            input = read.get();
            models = of(input, source, flag);
        } catch (RuntimeException e) {
            if (store != null) {
                StoreRun.failed(store, scope.apply(flag), e);
            }
            throw e;
        }
        List<T> results = new ArrayList<>();
        for (String model : models) {
            results.add(
                    store == null
                            ? work.run(model, input, null)
                            : StoreRun.record(store, scope.apply(model), runId -> work.run(model, input, runId)));
        }
        return results;
    }

    /** The models to run for, in order; null stands for rows that name no model. */
    public static List<String> of(Dataset<Row> input, String source, String flag) {
        if (flag != null) {
            if (hasModel(input) && only(input, flag).isEmpty()) {
                throw new BadInputException(source + ": no rows of model '" + flag + "' (column model)");
            }
            return List.of(flag);
        }
        if (!hasModel(input)) {
            return Arrays.asList((String) null);
        }
        return input
                .select(col(Columns.MODEL).cast("string"))
                .distinct()
                .orderBy(col(Columns.MODEL).asc_nulls_first())
                .collectAsList()
                .stream()
                .map(r -> r.isNullAt(0) ? null : r.getString(0))
                .toList();
    }

    /** The rows of {@code model} (null: those naming none); all rows when the input has no model column. */
    public static Dataset<Row> only(Dataset<Row> input, String model) {
        return hasModel(input) ? input.filter(col(Columns.MODEL).eqNullSafe(model)) : input;
    }

    private static boolean hasModel(Dataset<Row> input) {
        return Arrays.asList(input.columns()).contains(Columns.MODEL);
    }
}
