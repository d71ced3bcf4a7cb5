package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.verity.store.Slices;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The slices a row belongs to: {@code all}, {@code a=x} for each column of {@code --slice-by},
 * and {@code a=x,b=y} for each {@code --cross a:b}, with a null value named {@code a=null}.
 */
public record SliceSpec(List<String> columns, List<List<String>> crosses) {

    public static SliceSpec none() {
        return new SliceSpec(List.of(), List.of());
    }

    /** Every column a slice reads, in first-mentioned order. */
    public List<String> requiredColumns() {
        LinkedHashSet<String> all = new LinkedHashSet<>(columns);
        crosses.forEach(all::addAll);
        return new ArrayList<>(all);
    }

    /** An array column with the name of every slice of the row. */
    public Column sliceNames() {
        List<Column> names = new ArrayList<>();
        names.add(lit(Slices.ALL));
        for (String column : columns) {
            names.add(part(column));
        }
        for (List<String> cross : crosses) {
            names.add(crossName(cross));
        }
        return array(names.toArray(Column[]::new));
    }

    /** The name of the row's slice of these columns crossed: {@code a=x,b=y}. */
    public static Column crossName(List<String> columns) {
        List<Column> parts = new ArrayList<>();
        for (String column : columns) {
            if (!parts.isEmpty()) {
                parts.add(lit(","));
            }
            parts.add(part(column));
        }
        return concat(parts.toArray(Column[]::new));
    }

    private static Column part(String column) {
        return concat(lit(Slices.of(column, "")), coalesce(col(column).cast("string"), lit(Slices.NULL_VALUE)));
    }
}
