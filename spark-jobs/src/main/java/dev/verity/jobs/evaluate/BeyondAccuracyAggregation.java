package dev.verity.jobs.evaluate;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.verity.metrics.ComputedMetrics;
import dev.verity.metrics.MetricValue;
import dev.verity.metrics.beyondaccuracy.BeyondAccuracy;
import dev.verity.metrics.beyondaccuracy.CatalogueTotals;
import dev.verity.metrics.beyondaccuracy.IntraListDiversity;
import dev.verity.metrics.beyondaccuracy.Personalization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The ranking metrics beyond accuracy ({@link BeyondAccuracy}) of every (model, version, window,
 * slice), from the ranking rows with their {@code item_id}. Each list's items are ranked by score
 * (ties by item_id); the catalogue sums come from one aggregation by item, and personalization and
 * diversity from one pass over each group's lists, which keeps at most
 * {@link BeyondAccuracy#PERSONALIZATION_LISTS} of them: those with the smallest xxhash64 of their
 * query_id, a uniform sample that every run draws alike.
 */
final class BeyondAccuracyAggregation {
    static final String ITEM_ID = "item_id";
    private static final String RANK = "_rank";
    private static final String LIST_SIZE = "_list_size";

    private BeyondAccuracyAggregation() {}

    /**
     * @param expanded rows of {@link MetricAggregation#GROUP}, query_id, item_id, score and label
     * @param features item_id and its vector, or null without item features
     * @return the metrics of each group, keyed by its {@link MetricAggregation#GROUP} values
     */
    static Map<List<Object>, List<MetricValue>> compute(
            Dataset<Row> expanded, int[] ks, double relevantAt, Dataset<Row> features) {
        Column[] group = columns(MetricAggregation.GROUP);
        Column[] list = columns(append(MetricAggregation.GROUP, "query_id"));
        Dataset<Row> ranked = expanded.withColumn(
                        RANK,
                        row_number()
                                .over(Window.partitionBy(list)
                                        .orderBy(
                                                col("score").desc(),
                                                col(ITEM_ID).asc())))
                .withColumn(LIST_SIZE, count(lit(1)).over(Window.partitionBy(list)));
        ranked.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<List<Object>, ComputedMetrics> lists = lists(ranked, ks, features);
            Map<List<Object>, List<MetricValue>> out = new HashMap<>();
            catalogue(ranked, group, ks, relevantAt, lists).forEach((key, values) -> {
                List<MetricValue> all = new ArrayList<>(values);
                all.addAll(lists.get(key).values());
                out.put(key, all);
            });
            return out;
        } finally {
            ranked.unpersist();
        }
    }

    /**
     * Coverage, novelty and popularity: each item's interactions and top-K weights, summed per group.
     *
     * @param lists each group's lists, counted in {@link ComputedMetrics#n()}
     */
    private static Map<List<Object>, List<MetricValue>> catalogue(
            Dataset<Row> ranked,
            Column[] group,
            int[] ks,
            double relevantAt,
            Map<List<Object>, ComputedMetrics> lists) {
        List<Column> perItem = new ArrayList<>();
        perItem.add(sum(when(col("label").geq(relevantAt), 1L).otherwise(0L)).as("n"));
        for (int i = 0; i < ks.length; i++) {
            Column inTop = col(RANK).leq(ks[i]);
            perItem.add(max(when(inTop, 1L).otherwise(0L)).as("top" + i));
            perItem.add(sum(when(inTop, lit(1.0).divide(least(lit(ks[i]), col(LIST_SIZE))))
                            .otherwise(0.0))
                    .as("w" + i));
        }
        List<Column> perGroup = new ArrayList<>(List.of(count(lit(1)), sum("n")));
        for (int i = 0; i < ks.length; i++) {
            Column w = col("w" + i);
            perGroup.add(sum("top" + i));
            perGroup.add(sum(w));
            perGroup.add(sum(w.multiply(log2(col("n").plus(1)))));
            perGroup.add(sum(w.multiply(col("n"))));
        }
        Dataset<Row> totals = ranked.groupBy(columns(append(MetricAggregation.GROUP, ITEM_ID)))
                .agg(perItem.get(0), perItem.subList(1, perItem.size()).toArray(Column[]::new))
                .groupBy(group)
                .agg(perGroup.get(0), perGroup.subList(1, perGroup.size()).toArray(Column[]::new));
        int at = MetricAggregation.GROUP.length;
        Map<List<Object>, List<MetricValue>> out = new HashMap<>();
        for (Row r : totals.collectAsList()) {
            long[] covered = new long[ks.length];
            double[] weight = new double[ks.length];
            double[] weightedLog = new double[ks.length];
            double[] weighted = new double[ks.length];
            for (int i = 0; i < ks.length; i++) {
                int c = at + 2 + 4 * i;
                covered[i] = r.getLong(c);
                weight[i] = r.getDouble(c + 1);
                weightedLog[i] = r.getDouble(c + 2);
                weighted[i] = r.getDouble(c + 3);
            }
            List<Object> key = MetricAggregation.keyOf(r);
            out.put(
                    key,
                    new CatalogueTotals(
                                    r.getLong(at),
                                    r.getLong(at + 1),
                                    lists.get(key).n(),
                                    covered,
                                    weight,
                                    weightedLog,
                                    weighted)
                            .compute(ks));
        }
        return out;
    }

    /**
     * Personalization and diversity: each group's lists, their top items in rank order, in one
     * pass; the metrics' n is the group's lists.
     */
    private static Map<List<Object>, ComputedMetrics> lists(Dataset<Row> ranked, int[] ks, Dataset<Row> features) {
        int maxK = Arrays.stream(ks).max().orElseThrow();
        Dataset<Row> top = ranked.filter(col(RANK).leq(maxK));
        Column entry;
        if (features == null) {
            entry = struct(col(RANK), col(ITEM_ID));
        } else {
            top = top.join(broadcast(features), top.col(ITEM_ID).equalTo(features.col(ITEM_ID)), "left")
                    .drop(features.col(ITEM_ID));
            entry = struct(col(RANK), col(ITEM_ID), col(ItemFeatures.VECTOR));
        }
        Dataset<Row> lists = top.groupBy(columns(append(MetricAggregation.GROUP, "query_id")))
                .agg(array_sort(collect_list(entry)).as("items"))
                .withColumn("hash", xxhash64(col("query_id")));
        StructType keyType = lists.select(columns(MetricAggregation.GROUP)).schema();
        StructType outType = keyType.add("metrics", DataTypes.BinaryType);
        boolean withFeatures = features != null;
        Dataset<Row> perGroup = lists.groupByKey(
                        (MapFunction<Row, Row>)
                                r -> RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)),
                        Encoders.row(keyType))
                .mapGroups(
                        (MapGroupsFunction<Row, Row, Row>) (key, rows) -> {
                            Object[] fields = new Object[MetricAggregation.GROUP.length + 1];
                            for (int i = 0; i < MetricAggregation.GROUP.length; i++) {
                                fields[i] = key.get(i);
                            }
                            fields[fields.length - 1] =
                                    GroupLists.of(rows, ks, withFeatures).metrics();
                            return RowFactory.create(fields);
                        },
                        Encoders.row(outType));
        Map<List<Object>, ComputedMetrics> out = new HashMap<>();
        for (Row r : perGroup.collectAsList()) {
            out.put(MetricAggregation.keyOf(r), ComputedMetrics.fromBytes((byte[])
                    r.get(MetricAggregation.GROUP.length)));
        }
        return out;
    }

    /**
     * One group's lists, read once: the sample personalization compares, and each list's
     * diversity summed per K.
     */
    private static final class GroupLists {
        private final int[] ks;
        private final boolean withFeatures;
        /** The sampled lists' items in rank order, the largest hash on top to be dropped first. */
        private final PriorityQueue<Sampled> sample =
                new PriorityQueue<>(Comparator.comparingLong(Sampled::hash).reversed());

        private final double[] diversitySum;
        private final long[] diversityLists;
        private long lists;
        private long missing;

        private record Sampled(long hash, String[] items) {}

        private GroupLists(int[] ks, boolean withFeatures) {
            this.ks = ks;
            this.withFeatures = withFeatures;
            this.diversitySum = new double[ks.length];
            this.diversityLists = new long[ks.length];
        }

        static GroupLists of(Iterator<Row> rows, int[] ks, boolean withFeatures) {
            GroupLists lists = new GroupLists(ks, withFeatures);
            while (rows.hasNext()) {
                lists.add(rows.next());
            }
            return lists;
        }

        private void add(Row list) {
            lists++;
            List<Row> entries = list.getList(list.fieldIndex("items"));
            String[] items = new String[entries.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = entries.get(i).getString(1);
            }
            sample.add(new Sampled(list.getLong(list.fieldIndex("hash")), items));
            if (sample.size() > BeyondAccuracy.PERSONALIZATION_LISTS) {
                sample.poll();
            }
            if (withFeatures) {
                addDiversity(entries);
            }
        }

        /** @param entries the list's top items (of the largest K) in rank order, each with its vector or null */
        private void addDiversity(List<Row> entries) {
            List<double[]> vectors = new ArrayList<>();
            for (Row e : entries) {
                if (e.isNullAt(2)) {
                    missing++;
                    vectors.add(null);
                } else {
                    vectors.add(e.<Double>getList(2).stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray());
                }
            }
            for (int i = 0; i < ks.length; i++) {
                double diversity = IntraListDiversity.of(vectors.subList(0, Math.min(ks[i], vectors.size())).stream()
                        .filter(Objects::nonNull)
                        .toList());
                if (!Double.isNaN(diversity)) {
                    diversitySum[i] += diversity;
                    diversityLists[i]++;
                }
            }
        }

        byte[] metrics() {
            List<MetricValue> out = new ArrayList<>();
            List<String[]> sampled = sample.stream().map(Sampled::items).toList();
            for (int k : ks) {
                Map<String, Integer> index = new HashMap<>();
                List<int[]> sets = new ArrayList<>(sampled.size());
                for (String[] items : sampled) {
                    sets.add(Arrays.stream(items, 0, Math.min(k, items.length))
                            .distinct()
                            .mapToInt(item -> index.computeIfAbsent(item, x -> index.size()))
                            .toArray());
                }
                double personalization = Personalization.of(sets);
                String name = BeyondAccuracy.name(BeyondAccuracy.PERSONALIZATION, k);
                out.add(
                        Double.isNaN(personalization)
                                ? MetricValue.undefined(name, "fewer than 2 lists")
                                : MetricValue.of(name, personalization));
            }
            for (int i = 0; i < ks.length; i++) {
                String name = BeyondAccuracy.name(BeyondAccuracy.DIVERSITY, ks[i]);
                out.add(
                        !withFeatures
                                ? MetricValue.undefined(name, BeyondAccuracy.NO_ITEM_FEATURES)
                                : diversityLists[i] == 0
                                        ? MetricValue.undefined(name, "no list with 2 items with vectors")
                                        : MetricValue.of(name, diversitySum[i] / diversityLists[i]));
            }
            if (withFeatures) {
                out.add(MetricValue.of(BeyondAccuracy.ITEMS_WITHOUT_FEATURES, missing));
            }
            return new ComputedMetrics(lists, out).toBytes();
        }
    }

    private static Column[] columns(String[] names) {
        return Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    private static String[] append(String[] names, String name) {
        String[] out = Arrays.copyOf(names, names.length + 1);
        out[names.length] = name;
        return out;
    }
}
