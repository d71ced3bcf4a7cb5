package dev.verity.jobs.monitor;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.loss.DataLossChecks;
import dev.verity.drift.loss.Finding;
import dev.verity.jobs.drift.FeatureColumns;
import dev.verity.jobs.io.ColumnParsing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a reference dataset says a column may hold: the [min, max] of each numeric feature and
 * the categories of each categorical one (up to {@link MonitorJob#MAX_REFERENCE_CATEGORIES}).
 */
record ReferenceProfile(Map<String, double[]> ranges, Map<String, Set<String>> categories) {

    /** The profile of the features the reference and the monitored log share (the score among them if asked). */
    static ReferenceProfile of(Dataset<Row> reference, Dataset<Row> monitored, boolean prediction) {
        List<String> shared = Arrays.asList(monitored.columns());
        Map<String, Boolean> features = new LinkedHashMap<>();
        FeatureColumns.detect(reference, List.of(), List.of(), prediction).forEach((c, numeric) -> {
            if (shared.contains(c)) {
                features.put(c, numeric);
            }
        });
        Map<String, double[]> ranges = new LinkedHashMap<>();
        List<String> numeric = features.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .toList();
        if (!numeric.isEmpty()) {
            List<Column> bounds = new ArrayList<>();
            for (String c : numeric) {
                bounds.add(min(ColumnParsing.number(reference, c)));
                bounds.add(max(ColumnParsing.number(reference, c)));
            }
            Row row = reference
                    .agg(bounds.get(0), bounds.subList(1, bounds.size()).toArray(Column[]::new))
                    .first();
            for (int i = 0; i < numeric.size(); i++) {
                if (!row.isNullAt(2 * i)) {
                    ranges.put(numeric.get(i), new double[] {row.getDouble(2 * i), row.getDouble(2 * i + 1)});
                }
            }
        }
        Map<String, Set<String>> categories = new LinkedHashMap<>();
        for (String c : features.keySet()) {
            if (!features.get(c)) {
                List<Row> values = reference
                        .select(col("`" + c + "`").cast("string"))
                        .na()
                        .drop()
                        .distinct()
                        .limit(MonitorJob.MAX_REFERENCE_CATEGORIES + 1)
                        .collectAsList();
                if (values.size() <= MonitorJob.MAX_REFERENCE_CATEGORIES) {
                    categories.put(
                            c,
                            new java.util.HashSet<>(
                                    values.stream().map(r -> r.getString(0)).toList()));
                }
            }
        }
        return new ReferenceProfile(ranges, categories);
    }

    /** Categories per window and column that the reference never had, in one aggregation. */
    List<Finding> newCategories(Dataset<Row> windowed) {
        List<Finding> findings = new ArrayList<>();
        if (categories.isEmpty()) {
            return findings;
        }
        List<Column> unseen = new ArrayList<>();
        categories.forEach((c, known) -> {
            Column value = col("`" + c + "`").cast("string");
            unseen.add(struct(
                    lit(c).as("column"),
                    when(value.isin(known.toArray()), lit(null))
                            .otherwise(value)
                            .as("value")));
        });
        Map<String, Map<String, Long>> byWindowAndColumn = new TreeMap<>();
        Map<String, Object[]> keys = new HashMap<>();
        for (Row row : windowed.select(
                        col("_window"),
                        explode(array(unseen.toArray(Column[]::new))).as("u"))
                .filter(col("u.value").isNotNull())
                .groupBy(col("_window"), col("u.column"), col("u.value"))
                .count()
                .collectAsList()) {
            String key = row.get(0) + "|" + row.getString(1);
            keys.put(
                    key,
                    new Object[] {row.isNullAt(0) ? null : row.getTimestamp(0).toInstant(), row.getString(1)});
            byWindowAndColumn.computeIfAbsent(key, k -> new HashMap<>()).put(row.getString(2), row.getLong(3));
        }
        byWindowAndColumn.forEach((key, counts) -> DataLossChecks.newCategories(
                        (java.time.Instant) keys.get(key)[0], (String) keys.get(key)[1], counts)
                .ifPresent(findings::add));
        return findings;
    }
}
