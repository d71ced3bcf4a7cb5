package dev.verity.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A record's values by column name (null allowed), laid out for a table's schema or a printed
 * column list: no record depends on the position of a column.
 */
final class NamedValues {
    private final Map<String, Object> values = new HashMap<>(); // HashMap: values may be null

    NamedValues put(String column, Object value) {
        values.put(column, value);
        return this;
    }

    /** The row of {@code schema}; a column not put is null. */
    Row row(StructType schema) {
        return RowFactory.create(
                Arrays.stream(schema.fieldNames()).map(values::get).toArray());
    }

    List<Object> in(List<String> columns) {
        return columns.stream().map(values::get).toList();
    }
}
