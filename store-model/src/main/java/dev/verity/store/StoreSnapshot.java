package dev.verity.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The store's tables that its readers (serve, report, advise, compare) use, each pinned at one
 * version when the snapshot is taken, so everything read from it agrees.
 */
public interface StoreSnapshot {
    String root();

    /**
     * Which state of the store this is, for a person reading what was printed from it: the root,
     * the metrics table's version and when it was committed, and the time asked for, if any.
     */
    String describe();

    /** The pinned version of each table of {@link StoreTables#READ}; empty for a table that does not exist. */
    Map<String, OptionalLong> versions();

    List<MetricRecord> metrics();

    List<RunRecord> runs();

    List<Recorded<DriftRecord>> drift();

    /** The column profiles monitor wrote, per window, input and column. */
    List<Recorded<ProfileRecord>> profiles();

    List<Recorded<FindingRecord>> findings();

    /** The fairness measures fairness --store wrote, per group and window. */
    List<Recorded<FairnessRecord>> fairness();

    /** The verdicts switchback --store wrote. */
    List<Recorded<SwitchbackRecord>> switchback();

    List<Recorded<ReplayComparison>> replay();

    List<Recorded<SliceRecord>> slices();

    List<Recorded<ExplanationRecord>> explanations();

    /**
     * The slices found by each model's latest slices run, as the run ordered them (per version
     * and window, worst first).
     */
    default List<SliceRecord> latestSlices() {
        return latestPerKey(slices(), SliceRecord::model).stream()
                .sorted(Comparator.comparing(SliceRecord::model)
                        .thenComparing(SliceRecord::modelVersion)
                        .thenComparing(SliceRecord::windowStart)
                        .thenComparing(
                                Comparator.comparingDouble(SliceRecord::score).reversed()))
                .toList();
    }

    /**
     * The fairness measures of each model and attribute's latest fairness run, in its latest
     * window per model version: what serve exports and the report shows.
     */
    default List<FairnessRecord> latestFairness() {
        List<FairnessRecord> latestRun = latestPerKey(fairness(), f -> Arrays.asList(f.model(), f.attribute()));
        Map<List<Object>, java.sql.Timestamp> latestWindow = new HashMap<>();
        latestRun.forEach(f -> latestWindow.merge(
                Arrays.asList(f.model(), f.modelVersion(), f.attribute()),
                f.windowStart(),
                (a, b) -> a.after(b) ? a : b));
        return latestRun.stream()
                .filter(f -> f.windowStart()
                        .equals(latestWindow.get(Arrays.asList(f.model(), f.modelVersion(), f.attribute()))))
                .toList();
    }

    /**
     * The latest verdict of each switch-back test (model, control, treatment and metric), ordered
     * by those.
     */
    default List<SwitchbackRecord> latestSwitchback() {
        return latestPerKey(switchback(), s -> Arrays.asList(s.model(), s.control(), s.treatment(), s.metric()))
                .stream()
                .sorted(Comparator.comparing(SwitchbackRecord::model)
                        .thenComparing(SwitchbackRecord::control)
                        .thenComparing(SwitchbackRecord::treatment)
                        .thenComparing(SwitchbackRecord::metric))
                .toList();
    }

    /**
     * The explanations of each model and slice's latest explain run, as the run ranked them
     * (the largest share first).
     */
    default List<ExplanationRecord> latestExplanations() {
        return latestPerKey(explanations(), x -> Arrays.asList(x.model(), x.slice())).stream()
                .sorted(Comparator.comparing(ExplanationRecord::model)
                        .thenComparing(ExplanationRecord::slice)
                        .thenComparing(
                                ExplanationRecord::share, Comparator.nullsLast(Comparator.<Double>reverseOrder())))
                .toList();
    }

    /**
     * The comparisons of the latest replay of each (model, baseline, candidate), ordered by
     * model, baseline, slice (all first) and metric.
     */
    default List<ReplayComparison> latestReplay() {
        return latestPerKey(replay(), x -> Arrays.asList(x.model(), x.baseline(), x.candidate())).stream()
                .sorted(Comparator.comparing(ReplayComparison::model)
                        .thenComparing(ReplayComparison::baseline)
                        .thenComparing(r -> !r.slice().equals(Slices.ALL))
                        .thenComparing(ReplayComparison::slice)
                        .thenComparing(ReplayComparison::metric))
                .toList();
    }

    /** The records of the latest run of each key: those computed at the latest time of their key. */
    static <T> List<T> latestPerKey(List<Recorded<T>> rows, Function<T, Object> key) {
        Map<Object, Instant> latest = new HashMap<>();
        rows.forEach(r -> latest.merge(key.apply(r.record()), r.computedAt(), (a, b) -> a.isAfter(b) ? a : b));
        return rows.stream()
                .filter(r -> r.computedAt().equals(latest.get(key.apply(r.record()))))
                .map(Recorded::record)
                .toList();
    }
}
