package dev.verity.jobs.drift;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.NumericComparison;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The numeric drift statistics of every (comparison group, feature) computed in Spark from the
 * sorted union of the reference's and the current's distinct values with their counts: both
 * CDFs by running sums, KS as the largest gap, Wasserstein as the area between them, the exact
 * reference deciles by rank, and the decile-bin shares in a second aggregation. Nothing but
 * these few numbers per feature reaches the driver, and every value is exact: the same
 * arithmetic as {@link NumericComparison#of}, up to summation order.
 */
final class SortedUnionStatistics {
    static final int BINS = 10;

    private SortedUnionStatistics() {}

    /** A comparison group (a window, or null for the whole data) and a feature. */
    record Key(Instant group, String feature) {}

    /** The statistics of one key, as the drift tests read them. */
    record Summary(
            long referenceTotal,
            long currentTotal,
            long referenceDistinct,
            double ksStatistic,
            double wassersteinDistance,
            double referenceStd,
            double[] referenceBinShares,
            double[] currentBinShares)
            implements NumericComparison {}

    /** @param perValue rows (g timestamp, feature, num, r = reference count, c = current count), one per distinct value */
    static Map<Key, Summary> compute(SparkSession spark, Dataset<Row> perValue) {
        WindowSpec byKey = Window.partitionBy("g", "feature");
        WindowSpec ordered = byKey.orderBy("num");
        WindowSpec upToHere = ordered.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        // Names differ by more than case: Spark resolves columns case-insensitively.
        Column refTotal = col("ref_total");
        Dataset<Row> cumulative = perValue.withColumn("ref_total", sum("r").over(byKey))
                .withColumn("cur_total", sum("c").over(byKey))
                .withColumn("ref_cum", sum("r").over(upToHere))
                .withColumn("cur_cum", sum("c").over(upToHere))
                .withColumn(
                        "mean", try_divide(sum(col("r").multiply(col("num"))).over(byKey), refTotal))
                .withColumn(
                        "gap",
                        abs(try_divide(col("ref_cum"), refTotal).minus(try_divide(col("cur_cum"), col("cur_total")))))
                .withColumn("next", lead("num", 1).over(ordered));

        List<Column> aggregates = new ArrayList<>(List.of(
                first("ref_total").as("ref_total"),
                first("cur_total").as("cur_total"),
                sum(when(col("r").gt(0), 1).otherwise(0)).as("distinct"),
                max("gap").as("ks"),
                sum(col("next").minus(col("num")).multiply(col("gap"))).as("area"),
                try_divide(
                                sum(col("r").multiply(col("num").minus(col("mean")))
                                        .multiply(col("num").minus(col("mean")))),
                                first("ref_total"))
                        .as("var")));
        for (int i = 1; i < BINS; i++) {
            Column position = col("ref_total").minus(1).multiply(i / (double) BINS);
            aggregates.add(
                    min(when(col("ref_cum").gt(floor(position)), col("num"))).as("lo" + i));
            aggregates.add(min(when(
                            col("ref_cum")
                                    .gt(least(
                                            floor(position).plus(1),
                                            col("ref_total").minus(1))),
                            col("num")))
                    .as("hi" + i));
        }
        List<Row> firstPass = cumulative
                .groupBy("g", "feature")
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .collectAsList();

        // The reference deciles, interpolated as NumPy's default quantile, then each side's bin counts.
        StructType edgeSchema =
                new StructType().add("g", DataTypes.TimestampType).add("feature", DataTypes.StringType);
        for (int i = 1; i < BINS; i++) {
            edgeSchema = edgeSchema.add("e" + i, DataTypes.DoubleType);
        }
        List<Row> edges = new ArrayList<>();
        for (Row row : firstPass) {
            long total = row.getLong(2);
            Object[] values = new Object[BINS + 1];
            values[0] = row.get(0);
            values[1] = row.get(1);
            for (int i = 1; i < BINS; i++) {
                double position = (total - 1) * (i / (double) BINS);
                double lo =
                        row.isNullAt(row.fieldIndex("lo" + i)) ? Double.NaN : row.getDouble(row.fieldIndex("lo" + i));
                double hi = row.isNullAt(row.fieldIndex("hi" + i)) ? lo : row.getDouble(row.fieldIndex("hi" + i));
                values[i + 1] = lo + (position - Math.floor(position)) * (hi - lo);
            }
            edges.add(RowFactory.create(values));
        }
        Dataset<Row> edgeTable = spark.createDataFrame(edges, edgeSchema);
        List<Column> binCounts = new ArrayList<>();
        for (int i = 1; i < BINS; i++) {
            binCounts.add(sum(when(col("num").lt(col("e" + i)), col("r")).otherwise(0L))
                    .as("rb" + i));
            binCounts.add(sum(when(col("num").lt(col("e" + i)), col("c")).otherwise(0L))
                    .as("cb" + i));
        }
        Map<Key, long[][]> below = new HashMap<>();
        Column sameGroup = perValue.col("g")
                .eqNullSafe(edgeTable.col("g"))
                .and(perValue.col("feature").equalTo(edgeTable.col("feature")));
        for (Row row : perValue.join(org.apache.spark.sql.functions.broadcast(edgeTable), sameGroup)
                .groupBy(perValue.col("g"), perValue.col("feature"))
                .agg(binCounts.get(0), binCounts.subList(1, binCounts.size()).toArray(Column[]::new))
                .collectAsList()) {
            long[][] counts = new long[2][BINS - 1];
            for (int i = 1; i < BINS; i++) {
                counts[0][i - 1] = row.getLong(2 * i);
                counts[1][i - 1] = row.getLong(2 * i + 1);
            }
            below.put(key(row), counts);
        }

        Map<Key, Summary> out = new HashMap<>();
        for (Row row : firstPass) {
            Key key = key(row);
            long referenceTotal = row.getLong(2);
            long currentTotal = row.getLong(3);
            long[][] counts = below.getOrDefault(key, new long[2][BINS - 1]);
            out.put(
                    key,
                    new Summary(
                            referenceTotal,
                            currentTotal,
                            row.getLong(4),
                            row.isNullAt(5) ? Double.NaN : row.getDouble(5),
                            row.isNullAt(6) ? 0.0 : row.getDouble(6),
                            row.isNullAt(7) ? Double.NaN : Math.sqrt(row.getDouble(7)),
                            shares(counts[0], referenceTotal),
                            shares(counts[1], currentTotal)));
        }
        return out;
    }

    private static Key key(Row row) {
        return new Key(row.isNullAt(0) ? null : ((Timestamp) row.get(0)).toInstant(), row.getString(1));
    }

    private static double[] shares(long[] countsBelowEdges, long total) {
        double[] shares = new double[BINS];
        long previous = 0;
        for (int bin = 0; bin < BINS; bin++) {
            long below = bin == BINS - 1 ? total : countsBelowEdges[bin];
            shares[bin] = total == 0 ? 0 : (double) (below - previous) / total;
            previous = below;
        }
        return shares;
    }
}
