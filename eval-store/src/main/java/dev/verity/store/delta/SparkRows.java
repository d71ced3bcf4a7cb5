package dev.verity.store.delta;

import dev.verity.store.NamedValues;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** A record's values as a Spark row of a table's schema, and a Spark row's values by column name. */
public final class SparkRows {
    private SparkRows() {}

    /** The row of {@code schema}; a column not put is null. */
    public static Row of(NamedValues values, StructType schema) {
        return new GenericRowWithSchema(
                Arrays.stream(schema.fieldNames())
                        .map(values::get)
                        .map(v -> v instanceof Map<?, ?> map ? CollectionConverters.asScala(map) : v)
                        .toArray(),
                schema);
    }

    /** The row's values by its schema's column names. */
    public static NamedValues named(Row row) {
        NamedValues values = new NamedValues();
        for (String column : row.schema().fieldNames()) {
            Object value = row.getAs(column);
            values.put(
                    column, value instanceof scala.collection.Map<?, ?> map ? CollectionConverters.asJava(map) : value);
        }
        return values;
    }
}
