package dev.verity.jobs.switchback;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.evaluate.LabelledRows;
import dev.verity.jobs.evaluate.MetricAggregation;
import dev.verity.jobs.evaluate.MetricOptions;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.Task;
import dev.verity.metrics.switchback.SwitchbackEffect;
import dev.verity.store.BadInputException;
import dev.verity.store.NamedValues;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A switch-back test read from the log: the whole system served one model version per period,
 * alternating; each period is one observation of its version. The periods are tumbling spans of
 * {@code ts}; the rows of each period's first {@code burnIn} seconds are dropped (the system
 * settling after a switch); a period in which both versions served is left out whole. The
 * metric of each period comes from evaluate's metric aggregation (the periods as its windows),
 * and the verdict from {@link SwitchbackEffect}.
 */
public final class SwitchbackJob {
    /** What each period is judged by. */
    public enum Metric {
        /** The mean label: the share of successes (matches made, say), what a switch-back usually decides on. */
        OUTCOME_RATE("outcome_rate", BinaryMetrics.POSITIVE_RATE),
        AUC("auc", BinaryMetrics.AUC),
        LOG_LOSS("log_loss", BinaryMetrics.LOG_LOSS);

        private final String id;
        private final String computed;

        Metric(String id, String computed) {
            this.id = id;
            this.computed = computed;
        }

        public String id() {
            return id;
        }

        public static Metric ofId(String id) {
            return Arrays.stream(values())
                    .filter(m -> m.id.equals(id))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException("'" + id + "' is not one of outcome_rate, auc, log_loss"));
        }
    }

    public record Config(
            LabelledInputs inputs,
            String model,
            String control,
            String treatment,
            long periodSeconds,
            long burnInSeconds,
            Metric metric,
            TimeRange range) {}

    /**
     * The verdict, and what was left out: the periods where both versions served, and those whose
     * metric is undefined (an AUC of one class).
     */
    public record Result(SwitchbackRecord verdict, int mixedPeriods, int undefinedPeriods) {}

    /** The seed of the permutation test's random assignments: the same log gives the same p-value. */
    static final long SEED = 28;

    private final SparkSession spark;

    public SwitchbackJob(SparkSession spark) {
        this.spark = spark;
    }

    /** Runs the test and records it in the store: its run, and the verdict in {@code _verity/switchback}. */
    public Result runInto(EvaluationStore store, StoreRun.Scope scope, Config config) {
        return StoreRun.record(store, scope, runId -> {
            Result result = run(config);
            store.appendSwitchback(runId, Timestamp.from(Instant.now()), result.verdict());
            return result;
        });
    }

    public Result run(Config config) {
        if (config.burnInSeconds() >= config.periodSeconds()) {
            throw new BadInputException("--burn-in: must be shorter than --period");
        }
        // the window the rows are read with is replaced by the periods below
        Dataset<Row> rows = LabelledRows.labelled(LabelledRows.predicted(
                        spark, config.inputs(), Task.BINARY, List.of(), WindowSpec.parse("1d"), config.range()))
                .filter(col("model")
                        .equalTo(config.model())
                        .and(col("model_version").isin(config.control(), config.treatment())));
        Column start = WindowSpec.startOf(col("ts"), config.periodSeconds());
        Dataset<Row> periods = rows.withColumn("window_start", start)
                .withColumn("window_end", timestamp_seconds(unix_seconds(start).plus(config.periodSeconds())))
                .withColumn(
                        "_burn_in",
                        unix_seconds(col("ts")).minus(unix_seconds(start)).lt(config.burnInSeconds()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // which versions served each period, and the rows of its burn-in
            Map<Timestamp, Set<String>> served = new HashMap<>();
            Map<Timestamp, Long> burnIn = new HashMap<>();
            Map<Timestamp, Long> kept = new HashMap<>();
            for (Row r : periods.groupBy("window_start", "model_version")
                    .agg(count(lit(1)), sum(when(col("_burn_in"), 1L).otherwise(0L)))
                    .collectAsList()) {
                Timestamp period = r.getTimestamp(0);
                served.computeIfAbsent(period, p -> new HashSet<>()).add(r.getString(1));
                burnIn.merge(period, r.getLong(3), Long::sum);
                kept.merge(period, r.getLong(2) - r.getLong(3), Long::sum);
            }
            Set<Timestamp> mixed = new HashSet<>();
            served.forEach((period, versions) -> {
                if (versions.size() > 1) {
                    mixed.add(period);
                }
            });
            long dropped = burnIn.entrySet().stream()
                    .filter(e -> !mixed.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            long rowsKept = kept.values().stream().mapToLong(Long::longValue).sum();
            List<MetricAggregation.GroupMetrics> perPeriod = MetricAggregation.compute(
                    periods.filter(col("_burn_in").equalTo(false)),
                    rowsKept,
                    Task.BINARY,
                    SliceSpec.none(),
                    MetricOptions.defaults());
            List<Double> control = new ArrayList<>();
            List<Double> treatment = new ArrayList<>();
            Timestamp first = null;
            Timestamp last = null;
            int undefined = 0;
            for (MetricAggregation.GroupMetrics g : perPeriod) {
                if (mixed.contains(g.windowStart())) {
                    continue;
                }
                Double value = g.metrics().value(config.metric().computed);
                if (value == null) {
                    undefined++;
                    continue;
                }
                (g.modelVersion().equals(config.control()) ? control : treatment).add(value);
                first = first == null || g.windowStart().before(first) ? g.windowStart() : first;
                last = last == null || g.windowEnd().after(last) ? g.windowEnd() : last;
            }
            if (control.isEmpty() || treatment.isEmpty()) {
                throw new BadInputException(String.format(
                        Locale.ROOT,
                        "%s: model %s served %d period(s) with %s and %d with %s (after %d mixed and %d undefined "
                                + "left out): each version needs periods of its own",
                        config.inputs().predictions(),
                        config.model(),
                        control.size(),
                        config.control(),
                        treatment.size(),
                        config.treatment(),
                        mixed.size(),
                        undefined));
            }
            SwitchbackEffect effect = SwitchbackEffect.of(
                    control.stream().mapToDouble(Double::doubleValue).toArray(),
                    treatment.stream().mapToDouble(Double::doubleValue).toArray(),
                    SEED);
            return new Result(
                    new SwitchbackRecord(
                            config.model(),
                            config.control(),
                            config.treatment(),
                            config.metric().id(),
                            first,
                            last,
                            effect.controlPeriods(),
                            effect.treatmentPeriods(),
                            dropped,
                            effect.controlValue(),
                            effect.treatmentValue(),
                            effect.effect(),
                            NamedValues.orNull(effect.ciLow()),
                            NamedValues.orNull(effect.ciHigh()),
                            NamedValues.orNull(effect.pValue()),
                            NamedValues.orNull(effect.permutationPValue()),
                            effect.tooFew()),
                    mixed.size(),
                    undefined);
        } finally {
            periods.unpersist();
        }
    }
}
