package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's values by column name (null allowed), laid out for a table's schema or a printed
 * column list: no record depends on the position of a column. Times are {@link Timestamp}s, as
 * both engines hold them.
 */
public final class NamedValues {
    private final Map<String, Object> values = new HashMap<>(); // HashMap: values may be null

    /** A computed number as a column holds it: null where there is none (NaN). */
    public static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    public NamedValues put(String column, Object value) {
        values.put(column, value);
        return this;
    }

    /** The value of {@code column}; null when it was not put. */
    public Object get(String column) {
        return values.get(column);
    }

    public String string(String column) {
        return (String) values.get(column);
    }

    public Double doubleOrNull(String column) {
        return (Double) values.get(column);
    }

    public Long longOrNull(String column) {
        return (Long) values.get(column);
    }

    public Boolean booleanOrNull(String column) {
        return (Boolean) values.get(column);
    }

    /** A timestamp column; null when null. */
    public Timestamp timestamp(String column) {
        return (Timestamp) values.get(column);
    }

    /** A timestamp column as an instant; null when null. */
    public Instant instant(String column) {
        Timestamp time = timestamp(column);
        return time == null ? null : time.toInstant();
    }

    /** The columns put, with their values. */
    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public List<Object> in(List<String> columns) {
        return columns.stream().map(values::get).toList();
    }
}
