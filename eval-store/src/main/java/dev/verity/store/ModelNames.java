package dev.verity.store;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The models named in a table's or an input's {@code model} column. */
public final class ModelNames {
    private ModelNames() {}

    /** Its distinct values as strings, in order, null (rows that name no model) first. */
    public static List<String> of(Dataset<Row> rows) {
        return rows
                .select(col(StoreTables.MODEL).cast("string"))
                .distinct()
                .orderBy(col(StoreTables.MODEL).asc_nulls_first())
                .collectAsList()
                .stream()
                .map(r -> r.isNullAt(0) ? null : r.getString(0))
                .toList();
    }

    /** The same of rows already read (a store table's, by Delta Kernel). */
    public static List<String> of(List<Row> rows) {
        return rows.stream()
                .map(r -> r.<String>getAs(StoreTables.MODEL))
                .distinct()
                .sorted(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                .toList();
    }

    /** The rows naming {@code model} (null: the rows that name none). */
    public static List<Row> rowsOf(List<Row> rows, String model) {
        return rows.stream()
                .filter(r -> java.util.Objects.equals(model, r.getAs(StoreTables.MODEL)))
                .toList();
    }
}
