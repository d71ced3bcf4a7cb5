package dev.verity.jobs.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udaf;

import dev.verity.drift.profile.ColumnProfile;
import dev.verity.jobs.drift.FeatureColumns;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.jobs.io.InputReader;
import dev.verity.store.ProfileRecord;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * The profiles of a log's feature columns per window, as one aggregate that can ride along a pass
 * that reads the rows anyway (monitor's, as an observation), so profiling reads no row twice;
 * what reaches the driver is a few kilobytes per window and column. A column read as text is
 * numeric when every value of the windows profiled is a number, as drift decides it.
 */
public final class ColumnProfiles {
    /** The name of the aggregate's value. */
    public static final String NAME = "profiles";

    private final Map<String, ProfileKind> columns;

    private ColumnProfiles(Map<String, ProfileKind> columns) {
        this.columns = columns;
    }

    /**
     * The columns named (numeric or categorical), or else every feature column of {@code log}, the
     * served score first when {@code prediction}.
     */
    public static ColumnProfiles of(
            Dataset<Row> log, List<String> numeric, List<String> categorical, boolean prediction) {
        Map<String, ProfileKind> columns = new LinkedHashMap<>();
        numeric.forEach(c -> columns.put(c, ProfileKind.NUMERIC));
        categorical.forEach(c -> columns.put(c, ProfileKind.CATEGORICAL));
        if (columns.isEmpty()) {
            List<String> names = Arrays.asList(log.columns());
            if (prediction && names.contains(FeatureColumns.PREDICTION)) {
                columns.put(
                        FeatureColumns.PREDICTION,
                        kindOf(log.schema().apply(FeatureColumns.PREDICTION).dataType()));
            }
            names.stream()
                    .filter(c -> !FeatureColumns.LOG_COLUMNS.contains(c))
                    .forEach(c -> columns.put(c, kindOf(log.schema().apply(c).dataType())));
        }
        InputReader.requireColumns(log, "the profiled data", List.copyOf(columns.keySet()));
        return new ColumnProfiles(columns);
    }

    private static ProfileKind kindOf(DataType type) {
        if (type instanceof NumericType) {
            return ProfileKind.NUMERIC;
        }
        return type == DataTypes.BooleanType ? ProfileKind.CATEGORICAL : ProfileKind.BY_VALUES;
    }

    /** Whether there is no column to profile. */
    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /**
     * The aggregate of {@code log}'s rows (rows where {@code windowStart} is null belong to no
     * window): the bytes of every window's profiles, named {@link #NAME}.
     */
    public Column aggregate(Dataset<Row> log, Column windowStart) {
        List<Column> inputs = new ArrayList<>(List.of(windowStart.cast(DataTypes.TimestampType)));
        StructType schema = new StructType().add("window", DataTypes.TimestampType);
        int i = 0;
        for (Map.Entry<String, ProfileKind> c : columns.entrySet()) {
            boolean numbers = c.getValue() == ProfileKind.NUMERIC;
            // numbers as Spark parses them; text as read, parsed (if need be) by the profile
            inputs.add(
                    numbers
                            ? ColumnParsing.number(log, c.getKey())
                            : col("`" + c.getKey() + "`").cast(DataTypes.StringType));
            schema = schema.add("value" + i++, numbers ? DataTypes.DoubleType : DataTypes.StringType);
        }
        ProfileKind[] kinds = columns.values().toArray(ProfileKind[]::new);
        return udaf(new ProfilesAggregator(kinds), Encoders.row(schema))
                .apply(inputs.toArray(Column[]::new))
                .as(NAME);
    }

    /** The profiles of every window of {@code log} by {@code windowStart}, in a pass of their own. */
    public List<ProfileRecord> perWindow(
            Dataset<Row> log, Column windowStart, long windowSeconds, String model, String input) {
        if (isEmpty()) {
            return List.of();
        }
        byte[] bytes = log.agg(aggregate(log, windowStart)).first().getAs(0);
        return records(bytes, windowSeconds, model, input, start -> true);
    }

    /** The records of the windows {@code keep} keeps, of {@link #aggregate} observed on a pass that has run. */
    public List<ProfileRecord> records(
            Observation observed, long windowSeconds, String model, String input, Predicate<Instant> keep) {
        try {
            return records((byte[]) observed.getAsJava().get(NAME), windowSeconds, model, input, keep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the profiles were gathered", e);
        }
    }

    /** The records of the windows {@code keep} keeps, of the bytes {@link #aggregate} gave. */
    public List<ProfileRecord> records(
            byte[] bytes, long windowSeconds, String model, String input, Predicate<Instant> keep) {
        Map<Long, ProfileBuffer[]> windows = WindowProfiles.fromBytes(bytes).windows();
        List<String> names = List.copyOf(columns.keySet());
        List<ProfileRecord> records = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int column = i;
            boolean numeric = columns.get(names.get(i)) != ProfileKind.CATEGORICAL
                    && windows.values().stream().allMatch(w -> w[column].notNumbers() == 0);
            windows.forEach((start, buffers) -> {
                if (!keep.test(Instant.ofEpochMilli(start))) {
                    return;
                }
                ColumnProfile profile = buffers[column].decided(numeric);
                records.add(new ProfileRecord(
                        model,
                        input,
                        new Timestamp(start),
                        new Timestamp(start + windowSeconds * 1000),
                        names.get(column),
                        profile.kind().id(),
                        profile.rows(),
                        profile.nulls(),
                        profile.toBytes()));
            });
        }
        return records;
    }
}
