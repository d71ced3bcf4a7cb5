package dev.verity.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/** Typed views of input columns whatever the file format stored: a value that does not parse is null. */
public final class ColumnParsing {
    /**
     * An epoch number's unit is told by its magnitude: below 10^11 seconds, then milliseconds,
     * microseconds and nanoseconds, each up to 1000 times the last. 10^11 seconds is the year
     * 5138 and 10^11 milliseconds 1973-03-03, so every unit reads every instant between right.
     */
    private static final BigDecimal EPOCH_SECONDS_BELOW = BigDecimal.valueOf(100_000_000_000L);

    /** The microseconds in one unit of each magnitude band, seconds first. */
    private static final List<BigDecimal> MICROS_PER_UNIT = List.of(
            BigDecimal.valueOf(1_000_000),
            BigDecimal.ONE.scaleByPowerOfTen(3),
            BigDecimal.ONE,
            new BigDecimal("0.001"));

    /** Exact for every plausible epoch number, nanoseconds included, with fractions down to the microsecond of a second. */
    private static final DecimalType EPOCH_NUMBER = DataTypes.createDecimalType(38, 6);

    /** The instants a log's timestamp can plausibly hold: from the epoch to 10^11 seconds (the year 5138). */
    private static final Instant PLAUSIBLE_FROM = Instant.EPOCH;

    private static final Instant PLAUSIBLE_UNTIL = Instant.ofEpochSecond(EPOCH_SECONDS_BELOW.longValueExact());

    private ColumnParsing() {}

    /**
     * ISO-8601 text, an epoch number in seconds, milliseconds, microseconds or nanoseconds (as a
     * number or digits), or a native timestamp, in UTC; null (so quarantined as a bad timestamp)
     * for an instant outside the plausible range, never one in the year 58,800.
     */
    public static Column timestamp(Dataset<Row> raw, String name) {
        DataType type = raw.schema().apply(name).dataType();
        Column c = col(name);
        Column parsed;
        if (type instanceof TimestampType || type instanceof TimestampNTZType || type instanceof DateType) {
            parsed = c.cast(DataTypes.TimestampType);
        } else if (type instanceof NumericType) {
            parsed = epoch(c.try_cast(EPOCH_NUMBER));
        } else {
            Column text = trim(c.cast(DataTypes.StringType));
            parsed = when(text.rlike("^-?[0-9]+$"), epoch(text.try_cast(EPOCH_NUMBER)))
                    .otherwise(text.try_cast(DataTypes.TimestampType));
        }
        return when(parsed.geq(lit(PLAUSIBLE_FROM)).and(parsed.lt(lit(PLAUSIBLE_UNTIL))), parsed);
    }

    /** The instant of a non-negative epoch number in the unit its magnitude tells; null past nanoseconds' band. */
    private static Column epoch(Column value) {
        Column micros = null;
        BigDecimal below = EPOCH_SECONDS_BELOW;
        for (BigDecimal perUnit : MICROS_PER_UNIT) {
            Column inBand = value.geq(BigDecimal.ZERO).and(value.lt(below));
            Column scaled = value.multiply(perUnit);
            micros = micros == null ? when(inBand, scaled) : micros.when(inBand, scaled);
            below = below.scaleByPowerOfTen(3);
        }
        return timestamp_micros(floor(micros).cast(DataTypes.LongType));
    }

    public static Column number(Dataset<Row> raw, String name) {
        DataType type = raw.schema().apply(name).dataType();
        Column c = col(name);
        return type instanceof NumericType
                ? c.cast(DataTypes.DoubleType)
                : trim(c.cast(DataTypes.StringType)).try_cast(DataTypes.DoubleType);
    }
}
