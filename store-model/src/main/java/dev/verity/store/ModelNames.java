package dev.verity.store;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The models named by a table's rows. */
public final class ModelNames {
    private ModelNames() {}

    /** Their distinct models, in order, null (rows that name no model) first. */
    public static <T> List<String> of(List<T> rows, Function<T, String> model) {
        return rows.stream()
                .map(model)
                .distinct()
                .sorted(Comparator.nullsFirst(Comparator.naturalOrder()))
                .toList();
    }

    /** The rows naming {@code model} (null: the rows that name none). */
    public static <T> List<T> rowsOf(List<T> rows, Function<T, String> modelOf, String model) {
        return rows.stream()
                .filter(r -> Objects.equals(model, modelOf.apply(r)))
                .toList();
    }
}
