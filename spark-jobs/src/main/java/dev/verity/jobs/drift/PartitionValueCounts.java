package dev.verity.jobs.drift;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Counts every value of every feature in one partition, per window, in hash maps: a row is
 * read once and never exploded into (feature, value) cells, and the partition emits one row per
 * distinct (window, feature, value). Missing values count under a null value.
 */
final class PartitionValueCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    static final StructType SCHEMA = new StructType()
            .add("side", DataTypes.StringType, false)
            .add("window", DataTypes.TimestampType, true)
            .add("feature", DataTypes.StringType, false)
            .add("num", DataTypes.DoubleType, true)
            .add("cat", DataTypes.StringType, true)
            .add("n", DataTypes.LongType, false);

    private final String side;
    private final List<String> features;
    private final boolean[] numeric;

    /**
     * @param features the feature columns, in the order of the input rows after the window
     * @param numeric  which of them are numeric (their values are doubles, or null when missing)
     */
    PartitionValueCounts(String side, List<String> features, boolean[] numeric) {
        this.side = side;
        this.features = List.copyOf(features);
        this.numeric = numeric.clone();
    }

    /** @param rows (window, feature values...) rows of one partition */
    Iterator<Row> count(Iterator<Row> rows) {
        Map<Timestamp, List<Map<Object, long[]>>> byWindow = new HashMap<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            List<Map<Object, long[]>> counts = byWindow.computeIfAbsent(row.getTimestamp(0), w -> newCounts());
            for (int f = 0; f < features.size(); f++) {
                counts.get(f).computeIfAbsent(row.get(f + 1), v -> new long[1])[0]++;
            }
        }
        List<Row> out = new ArrayList<>();
        byWindow.forEach((window, counts) -> {
            for (int f = 0; f < features.size(); f++) {
                for (Map.Entry<Object, long[]> e : counts.get(f).entrySet()) {
                    Object value = e.getKey();
                    out.add(RowFactory.create(
                            side,
                            window,
                            features.get(f),
                            numeric[f] ? value : null,
                            numeric[f] ? null : value,
                            e.getValue()[0]));
                }
            }
        });
        return out.iterator();
    }

    private List<Map<Object, long[]>> newCounts() {
        List<Map<Object, long[]>> counts = new ArrayList<>(features.size());
        for (int f = 0; f < features.size(); f++) {
            counts.add(new HashMap<>());
        }
        return counts;
    }
}
