package dev.verity.jobs;

import static org.apache.spark.sql.functions.col;

import dev.verity.store.ModelNames;
import dev.verity.store.StoreTables;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which model's rows a drift or monitor run covers, so that evidence never mixes across models:
 * the {@code --model} flag, else each value of the input's {@code model} column in turn, else
 * (no such column) the whole input, named by no model (null).
 */
public final class ModelScope {
    private ModelScope() {}

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
        return ModelNames.of(input);
    }

    /** The rows of {@code model} (null: those naming none); all rows when the input has no model column. */
    public static Dataset<Row> only(Dataset<Row> input, String model) {
        return hasModel(input) ? input.filter(col(StoreTables.MODEL).eqNullSafe(model)) : input;
    }

    private static boolean hasModel(Dataset<Row> input) {
        return Arrays.asList(input.columns()).contains(StoreTables.MODEL);
    }
}
