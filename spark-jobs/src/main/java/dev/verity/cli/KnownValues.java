package dev.verity.cli;

import dev.verity.store.BadInputException;
import dev.verity.store.Columns;
import dev.verity.store.NamedValues;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A filter's value checked against what the store holds: a misspelt model or metric is an
 * error naming the nearest values the store does hold, never an empty answer that reads as
 * "nothing there".
 */
final class KnownValues {
    private KnownValues() {}

    /** The values of {@code column} in the store's rows (of {@code model}'s, when it is given). */
    static Set<String> in(List<NamedValues> rows, String column, String model) {
        return rows.stream()
                .filter(r -> MetricsCommand.matches(r, Columns.MODEL, model))
                .map(r -> r.string(column))
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * @param what  the kind of value, as a person says it ("model", "metric")
     * @param asked the value asked for; null when the filter is not given
     */
    static void require(String store, String what, String asked, Collection<String> known) {
        if (asked == null || known.contains(asked)) {
            return;
        }
        List<String> nearest = Nearest.to(asked, known);
        throw new BadInputException(store + ": no " + what + " '" + asked + "' in the store"
                + (nearest.isEmpty() ? " (it holds none)" : "; nearest: " + String.join(", ", nearest)));
    }
}
