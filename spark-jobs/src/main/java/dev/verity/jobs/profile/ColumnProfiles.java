package dev.verity.jobs.profile;

import static org.apache.spark.sql.functions.col;

import dev.verity.drift.FeatureKind;
import dev.verity.drift.profile.ColumnProfile;
import dev.verity.jobs.io.ColumnParsing;
import dev.verity.store.ProfileRecord;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * The profile of every window and feature column of a log: each partition profiles its own rows,
 * and the partitions' profiles of one window and column merge into one. One pass over the rows;
 * what reaches the driver is a few kilobytes per window and column.
 */
public final class ColumnProfiles {
    private ColumnProfiles() {}

    /**
     * @param windowStart the start of each row's window (rows where it is null belong to none)
     * @param features    each feature column, numeric (true) or categorical
     */
    public static List<ProfileRecord> of(
            Dataset<Row> log,
            Column windowStart,
            long windowSeconds,
            Map<String, Boolean> features,
            String model,
            String input) {
        List<String> names = List.copyOf(features.keySet());
        boolean[] numeric = new boolean[names.size()];
        List<Column> columns = new ArrayList<>(List.of(windowStart.cast(DataTypes.TimestampType)));
        for (int i = 0; i < names.size(); i++) {
            numeric[i] = features.get(names.get(i));
            columns.add(
                    numeric[i]
                            ? ColumnParsing.number(log, names.get(i))
                            : col("`" + names.get(i) + "`").cast(DataTypes.StringType));
        }
        List<Tuple2<Tuple2<Long, Integer>, byte[]>> merged = log.select(columns.toArray(Column[]::new))
                .javaRDD()
                .mapPartitionsToPair(rows -> profiles(rows, numeric))
                .reduceByKey((a, b) -> ColumnProfile.fromBytes(a)
                        .merge(ColumnProfile.fromBytes(b))
                        .toBytes())
                .collect();
        List<ProfileRecord> records = new ArrayList<>();
        for (Tuple2<Tuple2<Long, Integer>, byte[]> p : merged) {
            long start = p._1()._1();
            String column = names.get(p._1()._2());
            ColumnProfile profile = ColumnProfile.fromBytes(p._2());
            records.add(new ProfileRecord(
                    model,
                    input,
                    new Timestamp(start),
                    new Timestamp(start + windowSeconds * 1000),
                    column,
                    profile.kind().id(),
                    profile.rows(),
                    profile.nulls(),
                    p._2()));
        }
        return records;
    }

    /** One partition's profiles, keyed by (window start in milliseconds, column index). */
    private static Iterator<Tuple2<Tuple2<Long, Integer>, byte[]>> profiles(Iterator<Row> rows, boolean[] numeric) {
        Map<Tuple2<Long, Integer>, ColumnProfile> profiles = new HashMap<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            if (row.isNullAt(0)) {
                continue; // no window: monitor reports these rows as bad timestamps
            }
            long start = row.getTimestamp(0).getTime();
            for (int i = 0; i < numeric.length; i++) {
                FeatureKind kind = numeric[i] ? FeatureKind.NUMERIC : FeatureKind.CATEGORICAL;
                ColumnProfile profile = profiles.computeIfAbsent(new Tuple2<>(start, i), k -> ColumnProfile.of(kind));
                Object value = row.get(i + 1);
                if (numeric[i]) {
                    profile.addNumber((Double) value);
                } else {
                    profile.addCategory((String) value);
                }
            }
        }
        List<Tuple2<Tuple2<Long, Integer>, byte[]>> out = new ArrayList<>();
        profiles.forEach((key, profile) -> out.add(new Tuple2<>(key, profile.toBytes())));
        return out.iterator();
    }
}
