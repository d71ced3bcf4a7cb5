package dev.verity.jobs.io;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/** Typed views of input columns whatever the file format stored: a value that does not parse is null. */
public final class ColumnParsing {
    /**
     * Epoch values below this are seconds, others milliseconds: 10^11 seconds is the year 5138 and
     * 10^11 milliseconds is 1973-03-03, so either unit reads every date between the two right.
     */
    static final long EPOCH_SECONDS_BELOW = 100_000_000_000L;

    private ColumnParsing() {}

    /** ISO-8601 text, epoch seconds or milliseconds (as number or digits), or a native timestamp, in UTC. */
    public static Column timestamp(Dataset<Row> raw, String name) {
        DataType type = raw.schema().apply(name).dataType();
        Column c = col(name);
        if (type instanceof TimestampType || type instanceof TimestampNTZType || type instanceof DateType) {
            return c.cast(DataTypes.TimestampType);
        }
        if (type instanceof NumericType) {
            return epoch(c.cast(DataTypes.LongType));
        }
        Column text = trim(c.cast(DataTypes.StringType));
        return when(text.rlike("^-?[0-9]+$"), epoch(text.try_cast(DataTypes.LongType)))
                .otherwise(text.try_cast(DataTypes.TimestampType));
    }

    private static Column epoch(Column value) {
        return when(abs(value).lt(EPOCH_SECONDS_BELOW), timestamp_seconds(value))
                .otherwise(timestamp_millis(value));
    }

    public static Column number(Dataset<Row> raw, String name) {
        DataType type = raw.schema().apply(name).dataType();
        Column c = col(name);
        return type instanceof NumericType
                ? c.cast(DataTypes.DoubleType)
                : trim(c.cast(DataTypes.StringType)).try_cast(DataTypes.DoubleType);
    }
}
