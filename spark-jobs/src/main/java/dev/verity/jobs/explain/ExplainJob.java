package dev.verity.jobs.explain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.verity.drift.ShiftAttribution;
import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Period;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.drift.FeatureColumns;
import dev.verity.jobs.evaluate.LabelledRows;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.jobs.io.InputReader;
import dev.verity.jobs.slices.SliceColumn;
import dev.verity.metrics.RowLoss;
import dev.verity.metrics.Task;
import dev.verity.store.BadInputException;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.Slices;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Which feature shifts account for a model's loss change from a reference period to a window,
 * in one slice or all its rows ({@link ShiftAttribution}): each candidate feature is binned as
 * {@code slices} bins it, and one pass counts rows and summed loss per feature, bin and period.
 */
public final class ExplainJob {
    public record Config(
            LabelledInputs inputs,
            String model,
            Period reference,
            Period window,
            String slice,
            List<String> features,
            RowLoss loss,
            double threshold,
            WindowSpec per,
            int bins) {}

    /** A feature's bin in one period ({@link #REFERENCE}, {@link #WINDOW}) and one of the {@code --per} windows. */
    record Cell(int feature, int bin, int period, long windowStart) implements Serializable {}

    static final int REFERENCE = 0;
    static final int WINDOW = 1;
    private static final String PERIOD = "_period";

    private final SparkSession spark;
    private final Progress progress;

    public ExplainJob(SparkSession spark, Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    /** {@link #run}, recorded in the store as {@code scope}'s run, its ranking appended to the store's. */
    public List<ExplanationRecord> runInto(EvaluationStore store, StoreRun.Scope scope, Config config) {
        return StoreRun.record(store, scope, runId -> {
            List<ExplanationRecord> ranked = run(config);
            store.appendExplanations(runId, Timestamp.from(Instant.now()), ranked);
            return ranked;
        });
    }

    public List<ExplanationRecord> run(Config config) {
        List<String> sliceColumns = sliceColumns(config.slice());
        List<String> features = config.features() != null ? config.features() : features(config);
        if (features.isEmpty()) {
            throw new BadInputException(
                    "features", config.inputs().predictions() + " has no feature columns to explain by");
        }
        List<String> carried = new ArrayList<>(features);
        sliceColumns.stream().filter(c -> !carried.contains(c)).forEach(carried::add);
        Column inReference = inPeriod(config.reference());
        Column inWindow = inPeriod(config.window());
        Dataset<Row> rows = LabelledRows.labelled(LabelledRows.predicted(
                        spark, config.inputs(), Task.BINARY, carried, config.per(), TimeRange.ALL))
                .filter(col("model").equalTo(config.model()).and(sliceCondition(config.slice(), sliceColumns)))
                .withColumn(PERIOD, when(inReference, lit(REFERENCE)).when(inWindow, lit(WINDOW)))
                .filter(col(PERIOD).isNotNull())
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<SliceColumn> columns = progress.stage(
                    Stage.of("profile_columns", "binning the candidate features"),
                    () -> SliceColumn.profile(rows, features, config.bins()));
            Map<Cell, double[]> cells = progress.stage(
                    Stage.of("count_losses", "counting rows and loss per feature, bin and period"),
                    () -> count(rows, columns, config));
            return explanations(cells, columns, config);
        } finally {
            rows.unpersist();
        }
    }

    private List<String> features(Config config) {
        Dataset<Row> header = new InputReader(spark)
                .read(config.inputs().predictions(), config.inputs().predictionsFormat());
        return Arrays.stream(header.columns())
                .filter(c -> !FeatureColumns.LOG_COLUMNS.contains(c))
                .toList();
    }

    private static Column inPeriod(Period period) {
        return col("ts").geq(lit(Timestamp.from(period.start()))).and(col("ts").lt(lit(Timestamp.from(period.end()))));
    }

    /** The columns of a slice named as evaluate names them ({@code a=x,b=y}); none for {@code all} or null. */
    static List<String> sliceColumns(String slice) {
        List<String> columns = new ArrayList<>();
        if (slice == null || slice.equals(Slices.ALL)) {
            return columns;
        }
        for (String part : slice.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("slice", "'" + slice + "' is not of the form a=x,b=y");
            }
            columns.add(part.substring(0, eq));
        }
        return columns;
    }

    /** The rows of the slice: those whose slice of its columns evaluate would name so. */
    private static Column sliceCondition(String slice, List<String> columns) {
        return columns.isEmpty() ? lit(true) : SliceSpec.crossName(columns).equalTo(lit(slice));
    }

    private static Map<Cell, double[]> count(Dataset<Row> rows, List<SliceColumn> columns, Config config) {
        RowLoss loss = config.loss();
        double threshold = config.threshold();
        List<Column> read = new ArrayList<>(List.of(col("score"), col("label"), col(PERIOD), col("window_start")));
        columns.forEach(c -> read.add(c.value()));
        JavaPairRDD<Cell, double[]> cells = rows.select(read.toArray(Column[]::new))
                .toJavaRDD()
                .flatMapToPair(r -> {
                    double rowLoss = loss.of(
                            ((Number) r.getAs("score")).doubleValue(),
                            ((Number) r.getAs("label")).doubleValue(),
                            threshold);
                    int period = r.<Integer>getAs(PERIOD);
                    long windowStart = r.<Timestamp>getAs("window_start").getTime();
                    List<Tuple2<Cell, double[]>> out = new ArrayList<>();
                    for (int f = 0; f < columns.size(); f++) {
                        int bin = columns.get(f).code(r.get(4 + f));
                        out.add(new Tuple2<>(new Cell(f, bin, period, windowStart), new double[] {1, rowLoss}));
                    }
                    return out.iterator();
                });
        return new LinkedHashMap<>(cells.reduceByKey((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]})
                .collectAsMap());
    }

    private static List<ExplanationRecord> explanations(
            Map<Cell, double[]> cells, List<SliceColumn> columns, Config config) {
        String slice = config.slice() == null ? Slices.ALL : config.slice();
        List<ExplanationRecord> out = new ArrayList<>();
        for (int f = 0; f < columns.size(); f++) {
            int feature = f;
            int bins = cells.keySet().stream()
                            .filter(c -> c.feature() == feature)
                            .mapToInt(Cell::bin)
                            .max()
                            .orElse(-1)
                    + 1;
            ShiftAttribution.Bins reference = new ShiftAttribution.Bins(new long[bins], new double[bins]);
            ShiftAttribution.Bins window = new ShiftAttribution.Bins(new long[bins], new double[bins]);
            Map<Long, ShiftAttribution.Bins> perWindow = new TreeMap<>();
            cells.forEach((cell, sums) -> {
                if (cell.feature() != feature) {
                    return;
                }
                add(cell.period() == REFERENCE ? reference : window, cell.bin(), sums);
                add(
                        perWindow.computeIfAbsent(
                                cell.windowStart(), w -> new ShiftAttribution.Bins(new long[bins], new double[bins])),
                        cell.bin(),
                        sums);
            });
            if (Arrays.stream(reference.rows()).sum() == 0
                    || Arrays.stream(window.rows()).sum() == 0) {
                throw new BadInputException(
                        "the reference period and the period explained each need labelled predictions of "
                                + config.model() + " in slice " + slice + " (reference " + config.reference()
                                + ", period "
                                + config.window() + ")");
            }
            ShiftAttribution.Attribution a = ShiftAttribution.of(reference, window, List.copyOf(perWindow.values()));
            out.add(new ExplanationRecord(
                    config.model(),
                    Timestamp.from(config.reference().start()),
                    Timestamp.from(config.reference().end()),
                    Timestamp.from(config.window().start()),
                    Timestamp.from(config.window().end()),
                    slice,
                    columns.get(f).name(),
                    config.loss().id(),
                    a.referenceLoss(),
                    a.windowLoss(),
                    a.reproduced(),
                    NamedValues.orNull(a.share()),
                    a.psi(),
                    NamedValues.orNull(a.correlation()),
                    a.windows()));
        }
        // the largest share first, as the store's reader ranks them
        out.sort(Comparator.comparing(
                ExplanationRecord::share,
                Comparator.nullsLast(Comparator.<Double>naturalOrder().reversed())));
        return out;
    }

    private static void add(ShiftAttribution.Bins bins, int bin, double[] sums) {
        bins.rows()[bin] += (long) sums[0];
        bins.losses()[bin] += sums[1];
    }
}
