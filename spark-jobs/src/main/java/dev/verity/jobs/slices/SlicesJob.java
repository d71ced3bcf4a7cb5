package dev.verity.jobs.slices;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.evaluate.LabelledRows;
import dev.verity.jobs.evaluate.StateAggregator;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.BinaryState;
import dev.verity.metrics.ComputedMetrics;
import dev.verity.metrics.RowLoss;
import dev.verity.metrics.Task;
import dev.verity.metrics.slices.LossStats;
import dev.verity.metrics.slices.SliceKey;
import dev.verity.metrics.slices.SliceSearch;
import dev.verity.store.BadInputException;
import dev.verity.store.SliceRecord;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code verity slices}: the worst slices of each model and window among the value
 * combinations of the candidate columns, by a {@link SliceSearch} per model, version and window,
 * all of them evaluated together in one pass over the cached rows per level.
 */
public final class SlicesJob {
    public record Config(
            LabelledInputs inputs,
            List<String> columns,
            int maxDepth,
            Long minRows,
            int bins,
            RowLoss loss,
            double threshold,
            int top,
            double alpha,
            boolean exhaustive,
            WindowSpec window,
            TimeRange range) {}

    /** A model's rows in one window: what one search covers. */
    record Population(String model, String version, Timestamp windowStart, Timestamp windowEnd)
            implements Serializable {}

    /** @param evaluated the slices evaluated (all searches), the number the intervals are corrected for */
    public record Result(List<SliceRecord> slices, long evaluated, long rows) {}

    /** The least rows of a slice, unless told: 1% of its population, as SliceLine's default support. */
    static final long MIN_ROWS_FLOOR = 30;

    private final SparkSession spark;
    private final Progress progress;

    public SlicesJob(SparkSession spark, Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    /** A labelled row as the search reads it: its population, one predicate per column, its loss. */
    record Encoded(int population, int[] predicates, double loss) implements Serializable {}

    /** {@link #run}, recorded in the store as {@code scope}'s run, its slices appended to the store's. */
    public Result runInto(EvaluationStore store, StoreRun.Scope scope, Config config) {
        return StoreRun.record(store, scope, runId -> {
            Result found = run(config);
            store.appendSlices(runId, Timestamp.from(Instant.now()), found.slices());
            return found;
        });
    }

    public Result run(Config config) {
        Dataset<Row> labelled = LabelledRows.labelled(LabelledRows.predicted(
                        spark, config.inputs(), Task.BINARY, config.columns(), config.window(), config.range()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<SliceColumn> columns = progress.stage(
                    Stage.of("profile_columns", "reading the candidate columns' values"),
                    () -> SliceColumn.profile(labelled, config.columns(), config.bins()));
            List<Population> populations = populations(labelled);
            if (populations.size() > SliceKey.MAX_POPULATIONS) {
                throw new BadInputException(
                        "window",
                        "more than " + SliceKey.MAX_POPULATIONS
                                + " model, version and window combinations: take a longer one");
            }
            JavaRDD<Encoded> rows =
                    encode(labelled, columns, populations, config).persist(StorageLevel.MEMORY_AND_DISK());
            try {
                return progress.stage(
                        Stage.of("search_slices", "searching the columns' combinations"),
                        () -> search(rows, labelled, columns, populations, config));
            } finally {
                rows.unpersist();
            }
        } finally {
            labelled.unpersist();
        }
    }

    private Result search(
            JavaRDD<Encoded> rows,
            Dataset<Row> labelled,
            List<SliceColumn> columns,
            List<Population> populations,
            Config config) {
        Map<Long, LossStats> first = evaluate(rows, 1, null);
        Map<Integer, SliceSearch> searches = new LinkedHashMap<>();
        Map<Integer, Map<Long, LossStats>> level = new HashMap<>();
        first.forEach((key, stats) -> {
            if (SliceKey.depth(key) == 1) {
                level.computeIfAbsent(SliceKey.population(key), p -> new HashMap<>())
                        .put(key, stats);
            }
        });
        long total = 0;
        for (int p = 0; p < populations.size(); p++) {
            LossStats all = first.get(SliceKey.of(p));
            total += all.n();
            long minRows = config.minRows() != null
                    ? config.minRows()
                    : Math.max(MIN_ROWS_FLOOR, (long) Math.ceil(all.n() / 100.0));
            int depth = Math.min(config.maxDepth(), columns.size());
            SliceSearch search =
                    new SliceSearch(all, depth, minRows, config.top(), config.alpha(), !config.exhaustive());
            search.accept(level.getOrDefault(p, Map.of()));
            searches.put(p, search);
        }
        for (int depth = 2; depth <= config.maxDepth(); depth++) {
            Set<Long> candidates = new HashSet<>();
            searches.values().stream().filter(s -> !s.done()).forEach(s -> candidates.addAll(s.candidates()));
            if (candidates.isEmpty()) {
                break;
            }
            Map<Long, LossStats> stats = evaluate(rows, depth, candidates);
            Map<Integer, Map<Long, LossStats>> byPopulation = new HashMap<>();
            stats.forEach((key, s) -> byPopulation
                    .computeIfAbsent(SliceKey.population(key), p -> new HashMap<>())
                    .put(key, s));
            searches.forEach((p, search) -> {
                if (!search.done()) {
                    search.accept(byPopulation.getOrDefault(p, Map.of()));
                }
            });
        }
        long evaluated =
                searches.values().stream().mapToLong(SliceSearch::evaluated).sum();
        Progress.note("verity.slices.evaluated", evaluated);
        List<SliceSearch.Interval> top = new ArrayList<>();
        searches.values().forEach(s -> top.addAll(s.top(evaluated)));
        Map<Long, Double> auc = auc(labelled, columns, populations, top, config.threshold());
        List<SliceRecord> out = new ArrayList<>();
        for (SliceSearch.Interval i : top) {
            SliceSearch.Found f = i.found();
            int p = SliceKey.population(f.key());
            Population population = populations.get(p);
            out.add(new SliceRecord(
                    population.model(),
                    population.version(),
                    population.windowStart(),
                    population.windowEnd(),
                    name(f.key(), columns),
                    f.slice().n(),
                    config.loss().id(),
                    f.slice().mean(),
                    f.rest().mean(),
                    f.delta(),
                    i.ciLow(),
                    i.ciHigh(),
                    f.score(),
                    auc.get(f.key()),
                    auc.get(SliceKey.of(p))));
        }
        return new Result(out, evaluated, total);
    }

    /** The slice's name as evaluate names crosses: {@code a=x,b=y}, the columns in --columns order. */
    static String name(long key, List<SliceColumn> columns) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < SliceKey.depth(key); i++) {
            int predicate = SliceKey.predicateAt(key, i);
            parts.add(columns.get(SliceKey.column(predicate)).describe(SliceKey.value(predicate)));
        }
        return String.join(",", parts);
    }

    /**
     * Each slice's loss statistics of the given depth over all rows: at depth 1 every
     * {@code column = value} and each population's total (the key with no predicate); deeper
     * only the {@code candidates}, each row looking up the combinations of its predicates.
     */
    private Map<Long, LossStats> evaluate(JavaRDD<Encoded> rows, int depth, Set<Long> candidates) {
        Broadcast<Set<Long>> wanted = candidates == null
                ? null
                : JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(candidates);
        try {
            return rows.mapPartitions(it -> {
                        Map<Long, LossStats> partial = new HashMap<>();
                        Set<Long> keys = wanted == null ? null : wanted.value();
                        int[] chosen = new int[depth];
                        while (it.hasNext()) {
                            Encoded row = it.next();
                            if (keys == null) {
                                partial.computeIfAbsent(SliceKey.of(row.population()), k -> new LossStats())
                                        .add(row.loss());
                            }
                            combinations(row, 0, 0, chosen, keys, partial);
                        }
                        return List.of(partial).iterator();
                    })
                    .reduce(SlicesJob::merge);
        } finally {
            if (wanted != null) {
                wanted.destroy();
            }
        }
    }

    /** Adds the row's loss to each combination of {@code chosen.length} of its predicates that is wanted. */
    private static void combinations(
            Encoded row, int from, int filled, int[] chosen, Set<Long> wanted, Map<Long, LossStats> partial) {
        if (filled == chosen.length) {
            long key = SliceKey.of(row.population(), chosen);
            if (wanted == null || wanted.contains(key)) {
                partial.computeIfAbsent(key, k -> new LossStats()).add(row.loss());
            }
            return;
        }
        int[] predicates = row.predicates();
        for (int i = from; i <= predicates.length - (chosen.length - filled); i++) {
            chosen[filled] = predicates[i];
            combinations(row, i + 1, filled + 1, chosen, wanted, partial);
        }
    }

    private static Map<Long, LossStats> merge(Map<Long, LossStats> a, Map<Long, LossStats> b) {
        Map<Long, LossStats> small = a.size() < b.size() ? a : b;
        Map<Long, LossStats> large = small == a ? b : a;
        small.forEach((k, v) -> large.merge(k, v, LossStats::merge));
        return large;
    }

    private static List<Population> populations(Dataset<Row> labelled) {
        return labelled
                .select("model", "model_version", "window_start", "window_end")
                .distinct()
                .orderBy("model", "model_version", "window_start", "window_end")
                .collectAsList()
                .stream()
                .map(r -> new Population(r.getString(0), r.getString(1), r.getTimestamp(2), r.getTimestamp(3)))
                .toList();
    }

    private JavaRDD<Encoded> encode(
            Dataset<Row> labelled, List<SliceColumn> columns, List<Population> populations, Config config) {
        Map<Population, Integer> index = new HashMap<>();
        for (int i = 0; i < populations.size(); i++) {
            index.put(populations.get(i), i);
        }
        List<Column> select = new ArrayList<>(List.of(
                col("model"),
                col("model_version"),
                col("window_start"),
                col("window_end"),
                col("score"),
                col("label")));
        for (SliceColumn c : columns) {
            select.add(c.value());
        }
        RowLoss loss = config.loss();
        double threshold = config.threshold();
        return labelled.select(select.toArray(Column[]::new)).javaRDD().map(r -> {
            int[] predicates = new int[columns.size()];
            for (int i = 0; i < predicates.length; i++) {
                predicates[i] = SliceKey.predicate(i, columns.get(i).code(r.get(6 + i)));
            }
            Population p = new Population(r.getString(0), r.getString(1), r.getTimestamp(2), r.getTimestamp(3));
            return new Encoded(index.get(p), predicates, loss.of(r.getDouble(4), r.getDouble(5), threshold));
        });
    }

    /**
     * The AUC of each found slice's rows and of each population's (the key with no predicate),
     * exact, each group's scores in one task as evaluate's in-task path holds them.
     */
    private static Map<Long, Double> auc(
            Dataset<Row> labelled,
            List<SliceColumn> columns,
            List<Population> populations,
            List<SliceSearch.Interval> found,
            double threshold) {
        if (found.isEmpty()) {
            return Map.of();
        }
        List<Column> keys = new ArrayList<>();
        Set<Integer> withSlices = new HashSet<>();
        for (SliceSearch.Interval i : found) {
            long key = i.found().key();
            int p = SliceKey.population(key);
            withSlices.add(p);
            Column in = of(populations.get(p));
            for (int d = 0; d < SliceKey.depth(key); d++) {
                int predicate = SliceKey.predicateAt(key, d);
                in = in.and(columns.get(SliceKey.column(predicate)).condition(SliceKey.value(predicate)));
            }
            keys.add(when(in, lit(key)));
        }
        for (int p : withSlices) {
            keys.add(when(of(populations.get(p)), lit(SliceKey.of(p))));
        }
        Column aggregate = udaf(
                        new StateAggregator<>(BinaryState.class, () -> new BinaryState(threshold), BinaryState::add),
                        StateAggregator.inputEncoder())
                .apply(col("score"), col("label"));
        Map<Long, Double> out = new HashMap<>();
        for (Row r : labelled.select(explode(array(keys.toArray(Column[]::new))).as("key"), col("score"), col("label"))
                .filter(col("key").isNotNull())
                .groupBy("key")
                .agg(aggregate.as("m"))
                .collectAsList()) {
            out.put(r.getLong(0), ComputedMetrics.fromBytes((byte[]) r.get(1)).value(BinaryMetrics.AUC));
        }
        return out;
    }

    private static Column of(Population p) {
        return col("model")
                .equalTo(p.model())
                .and(col("model_version").equalTo(p.version()))
                .and(col("window_start").equalTo(lit(p.windowStart())))
                .and(col("window_end").equalTo(lit(p.windowEnd())));
    }
}
