package dev.verity.store.report;

import dev.verity.drift.DriftResult;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.MetricDefinition;
import dev.verity.metrics.Task;
import dev.verity.metrics.beyondaccuracy.BeyondAccuracy;
import dev.verity.metrics.estimate.ConfidenceBasedEstimate;
import dev.verity.store.DriftRecord;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.FindingRecord;
import dev.verity.store.MetricRecord;
import dev.verity.store.ModelNames;
import dev.verity.store.NamedValues;
import dev.verity.store.Recorded;
import dev.verity.store.ReplayComparison;
import dev.verity.store.SliceRecord;
import dev.verity.store.Slices;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.WindowFinality;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.anomaly.Anomalies;
import dev.verity.store.canary.CanaryAnalysis;
import dev.verity.store.prometheus.LabelValue;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the HTML report shows, read from the store: plain values, no Spark types. */
public record ReportData(
        String store,
        String generatedAt,
        List<ModelQuality> models,
        List<DriftMap> drift,
        List<Finding> findings,
        Map<String, Map<String, Long>> findingCounts,
        List<ReplayComparison> replay,
        List<CanaryAnalysis.Result> canary,
        List<SliceRecord> slices,
        List<FairnessRecord> fairness,
        List<SwitchbackRecord> switchback,
        List<ExplanationRecord> explanations,
        List<Estimate> estimates,
        List<RetrainAdvice.Advice> advice,
        Anomalous anomalies,
        List<String> shortenedNames) {
    /** Anomalous series drawn with their band, those with the latest anomaly first. */
    static final int ANOMALOUS_SERIES_DRAWN = 8;

    /**
     * What the anomaly section shows: how many windows were judged, and the series with an
     * anomalous window, each with its band over every judged window.
     */
    public record Anomalous(long judged, long anomalous, List<AnomalousSeries> series) {}

    /**
     * One series with an anomalous window: its points' interval is the band its seasonal history
     * gave each judged window, and {@code flagged} the anomalous windows, latest first.
     */
    public record AnomalousSeries(
            String model,
            String version,
            String slice,
            String metric,
            String season,
            List<Point> points,
            List<Anomalies.Judgement> flagged) {}

    /** Slices drawn per chart: all traffic and the largest others. */
    static final int SLICES_PER_CHART = 5;

    public record Point(String window, double value, Double low, Double high, long n) {}

    /**
     * One window's estimated AUC (all traffic) with its interval, beside the realized AUC of the
     * same window once {@code evaluate} has it (null before).
     */
    public record Estimate(
            String model,
            String version,
            String window,
            double estimated,
            Double low,
            Double high,
            Double realized,
            Boolean relationChanged) {}

    /** One bin of a reliability curve: its mean score, positive rate and rows. */
    public record ReliabilityBin(int bin, double meanScore, double positiveRate, long rows) {}

    /**
     * One model version's primary metric per slice over its windows, and its worst slices; for a
     * binary model, the reliability curve of all its traffic and its ECE in the same window as
     * the worst slices (empty and null otherwise); the starts of its over-time windows whose
     * labels can still arrive ({@link WindowFinality}).
     */
    public record ModelQuality(
            String model,
            String version,
            String metric,
            boolean higherIsBetter,
            Map<String, List<Point>> series,
            List<Map.Entry<String, Point>> worstSlices,
            String worstWindow,
            List<ReliabilityBin> reliability,
            Double ece,
            List<String> provisionalWindows,
            Map<Integer, Map<String, Double>> beyondAccuracy) {}

    /** One model's drift cells ({@code model} null: data that named no model) and what they show. */
    public record DriftMap(String model, String title, List<DriftCell> cells) {}

    public record DriftCell(
            String feature,
            String column,
            String method,
            Double statistic,
            Double pValue,
            double threshold,
            Boolean drifted) {}

    /** @param model "" for a log that named no model */
    public record Finding(
            String model, String kind, String window, String column, double observed, Double expected, String detail) {}

    public static ReportData load(StoreSnapshot store) {
        StoreEvidence evidence = new StoreEvidence(store);
        List<RetrainAdvice.Advice> advice = evidence.models().stream()
                .flatMap(m -> evidence.advise(m).stream())
                .toList();
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        List<Finding> findings = findings(evidence, counts);
        return new ReportData(
                store.describe(),
                java.time.Instant.now().toString().substring(0, 19) + "Z",
                quality(store),
                drift(store),
                findings,
                counts,
                store.latestReplay(),
                evidence.liveCanaries(),
                store.latestSlices(),
                store.latestFairness(),
                store.latestSwitchback(),
                store.latestExplanations(),
                estimates(store),
                advice,
                anomalies(evidence.anomalies()),
                shortenedNames(store));
    }

    /** The judged windows' count and the series with an anomalous window (the same judgement as serve's and advice's). */
    private static Anomalous anomalies(List<Anomalies.Judgement> all) {
        List<Anomalies.Judgement> judged =
                all.stream().filter(Anomalies.Judgement::hasVerdict).toList();
        Map<List<String>, List<Anomalies.Judgement>> bySeries = new LinkedHashMap<>();
        judged.forEach(j ->
                bySeries.computeIfAbsent(j.series(), k -> new ArrayList<>()).add(j));
        Comparator<Anomalies.Judgement> latestFirst = Comparator.comparing(
                        (Anomalies.Judgement j) -> j.window().windowStart())
                .reversed();
        List<AnomalousSeries> series = bySeries.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(Anomalies.Judgement::anomalous))
                .map(e -> new AnomalousSeries(
                        e.getKey().get(0),
                        e.getKey().get(1),
                        e.getKey().get(2),
                        e.getKey().get(3),
                        e.getValue().get(0).season().id(),
                        e.getValue().stream()
                                .map(j -> new Point(
                                        label(j.window().windowStart()),
                                        j.window().value(),
                                        j.low(),
                                        j.high(),
                                        j.window().n()))
                                .toList(),
                        e.getValue().stream()
                                .filter(Anomalies.Judgement::anomalous)
                                .sorted(latestFirst)
                                .toList()))
                .sorted(Comparator.comparing((AnomalousSeries s) -> s.flagged().get(0), latestFirst))
                .toList();
        return new Anomalous(
                judged.size(),
                judged.stream().filter(Anomalies.Judgement::anomalous).count(),
                series);
    }

    /** The store's names (models, versions, slices, features) that serve exports shortened, as Prometheus shows them. */
    private static List<String> shortenedNames(StoreSnapshot store) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (MetricRecord r : store.metrics()) {
            names.addAll(List.of(r.model(), r.modelVersion(), r.slice()));
        }
        store.drift().forEach(r -> names.add(r.record().result().feature()));
        return names.stream()
                .filter(LabelValue::tooLong)
                .map(LabelValue::bounded)
                .toList();
    }

    private static List<Estimate> estimates(StoreSnapshot store) {
        String estimated = ConfidenceBasedEstimate.PREFIX + BinaryMetrics.AUC;
        Map<List<Object>, Map<String, Double>> byWindow =
                new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (MetricRecord r : store.metrics()) {
            String metric = r.metric();
            if (!Slices.ALL.equals(r.slice())
                    || r.value() == null
                    || !metric.startsWith(estimated) && !metric.equals(BinaryMetrics.AUC)) {
                continue;
            }
            byWindow.computeIfAbsent(
                            List.of(
                                    r.model(),
                                    r.modelVersion(),
                                    r.windowStart().toString(),
                                    r.windowEnd().toString()),
                            k -> new HashMap<>())
                    .put(metric, r.value());
        }
        List<Estimate> out = new ArrayList<>();
        byWindow.forEach((key, values) -> {
            if (values.containsKey(estimated)) {
                out.add(new Estimate(
                        (String) key.get(0),
                        (String) key.get(1),
                        ((String) key.get(2)).substring(0, 10),
                        values.get(estimated),
                        values.get(estimated + ConfidenceBasedEstimate.CI_LOW),
                        values.get(estimated + ConfidenceBasedEstimate.CI_HIGH),
                        values.get(BinaryMetrics.AUC),
                        values.containsKey(estimated + ConfidenceBasedEstimate.RELATION_CHANGED)
                                ? values.get(estimated + ConfidenceBasedEstimate.RELATION_CHANGED) == 1.0
                                : null));
            }
        });
        return out;
    }

    private static List<ModelQuality> quality(StoreSnapshot store) {
        WindowFinality finality = WindowFinality.of(store.runs());
        Map<String, List<MetricRecord>> byModel = new TreeMap<>();
        for (MetricRecord r : store.metrics()) {
            if (r.value() == null) {
                continue;
            }
            byModel.computeIfAbsent(r.model() + "|" + r.modelVersion(), k -> new ArrayList<>())
                    .add(r);
        }
        List<ModelQuality> out = new ArrayList<>();
        byModel.forEach((key, rows) -> {
            String metric = MetricCatalog.primary(
                    Task.ofId(rows.get(0).task()),
                    rows.stream().map(MetricRecord::metric).distinct().toList());
            boolean higher = MetricCatalog.higherIsBetter(metric);
            Map<Long, Long> lengths =
                    rows.stream().collect(Collectors.groupingBy(MetricRecord::windowMillis, Collectors.counting()));
            long overTime = MetricRecord.seriesLength(rows);
            long longest = lengths.keySet().stream().max(Long::compare).orElse(0L);
            // Over time: the series' windows (days, say), as serve's; worst slices: the longest (the whole period),
            // latest.
            Map<String, Map<String, Point>> points = points(rows, metric, overTime);
            Map<String, Long> size = new HashMap<>();
            points.forEach((slice, p) -> size.put(
                    slice, p.values().stream().mapToLong(Point::n).max().orElse(0)));
            Map<String, List<Point>> series = new LinkedHashMap<>();
            size.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, Long>, Boolean>comparing(
                                    e -> !e.getKey().equals(Slices.ALL))
                            .thenComparing(
                                    Map.Entry.<String, Long>comparingByValue().reversed()))
                    .limit(SLICES_PER_CHART)
                    .forEach(e -> series.put(
                            e.getKey(), new ArrayList<>(points.get(e.getKey()).values())));
            // the latest window with the metric (a window none of whose labels arrived has only its labelled share)
            Timestamp lastLong = rows.stream()
                    .filter(r -> r.windowMillis() == longest && metric.equals(r.metric()))
                    .map(MetricRecord::windowStart)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            List<MetricRecord> latestLong = rows.stream()
                    .filter(r -> r.windowMillis() == longest && r.windowStart().equals(lastLong))
                    .toList();
            Map<String, Point> whole = new TreeMap<>();
            points(latestLong, metric, longest).forEach((slice, p) -> p.values().forEach(pt -> whole.put(slice, pt)));
            long minRows = Math.max(
                    30,
                    whole.getOrDefault(Slices.ALL, new Point("", 0, null, null, 0))
                                    .n()
                            / 100);
            List<Map.Entry<String, Point>> worst = whole.entrySet().stream()
                    .filter(e -> !e.getKey().equals(Slices.ALL) && e.getValue().n() >= minRows)
                    .sorted(Comparator.comparingDouble(
                            e -> higher ? e.getValue().value() : -e.getValue().value()))
                    .limit(5)
                    .toList();
            List<MetricRecord> allTraffic = latestLong.stream()
                    .filter(r -> r.slice().equals(Slices.ALL))
                    .toList();
            String[] parts = key.split("\\|", 2);
            out.add(new ModelQuality(
                    parts[0],
                    parts[1],
                    metric,
                    higher,
                    series,
                    worst,
                    lastLong == null
                            ? ""
                            : "window " + lastLong.toInstant().toString().substring(0, 10) + " to "
                                    + new Timestamp(lastLong.getTime() + longest)
                                            .toInstant()
                                            .toString()
                                            .substring(0, 10),
                    reliability(allTraffic),
                    allTraffic.stream()
                            .filter(r -> r.metric().equals(BinaryMetrics.ECE))
                            .map(MetricRecord::value)
                            .findFirst()
                            .orElse(null),
                    rows.stream()
                            .filter(r -> r.slice().equals(Slices.ALL)
                                    && r.metric().equals(metric)
                                    && r.windowMillis() == overTime
                                    && Boolean.FALSE.equals(finality.isFinal(r)))
                            .sorted(Comparator.comparing(MetricRecord::windowStart))
                            .map(r -> r.windowStart()
                                            .toInstant()
                                            .toString()
                                            .substring(0, overTime < 86_400_000L ? 16 : 10) // hours, or days
                                    + labelledShare(rows, r))
                            .toList(),
                    beyondAccuracy(allTraffic)));
        });
        return out;
    }

    /** A ranker's metrics beyond accuracy among one slice's rows of one window: by K, by family. */
    private static Map<Integer, Map<String, Double>> beyondAccuracy(List<MetricRecord> rows) {
        Map<Integer, Map<String, Double>> out = new TreeMap<>();
        for (MetricRecord r : rows) {
            MetricCatalog.of(r.metric())
                    .map(MetricDefinition::name)
                    .filter(BeyondAccuracy.FAMILIES::contains)
                    .ifPresent(family -> out.computeIfAbsent(
                                    Integer.parseInt(
                                            r.metric().substring(r.metric().lastIndexOf('@') + 1)),
                                    k -> new LinkedHashMap<>())
                            .put(family, r.value()));
        }
        return out;
    }

    /** ", 40% labelled" for the window and slice of {@code row}, when the store has its labelled share. */
    private static String labelledShare(List<MetricRecord> rows, MetricRecord row) {
        return rows.stream()
                .filter(r -> MetricCatalog.LABELLED_SHARE.equals(r.metric())
                        && r.slice().equals(row.slice())
                        && r.windowStart().equals(row.windowStart())
                        && r.windowEnd().equals(row.windowEnd()))
                .map(r -> String.format(java.util.Locale.ROOT, " (%.0f%% labelled)", 100 * r.value()))
                .findFirst()
                .orElse("");
    }

    /** The reliability curve among one slice's metric rows of one window, by bin. */
    private static List<ReliabilityBin> reliability(List<MetricRecord> rows) {
        Map<Integer, Map<String, Double>> bins = new TreeMap<>();
        for (MetricRecord r : rows) {
            String metric = r.metric();
            if (BinaryMetrics.isReliabilityPoint(metric)) {
                bins.computeIfAbsent(BinaryMetrics.reliabilityBin(metric), b -> new HashMap<>())
                        .put(metric.substring(0, metric.lastIndexOf('@')), r.value());
            }
        }
        List<ReliabilityBin> out = new ArrayList<>();
        bins.forEach((bin, v) -> out.add(new ReliabilityBin(
                bin,
                v.get(BinaryMetrics.RELIABILITY_SCORE),
                v.get(BinaryMetrics.RELIABILITY_POSITIVE_RATE),
                v.get(BinaryMetrics.RELIABILITY_ROWS).longValue())));
        return out;
    }

    /** A window as a chart or table names it: its start to the minute, {@code 2026-11-01 13:00}. */
    static String label(Timestamp windowStart) {
        return windowStart.toInstant().toString().substring(0, 16).replace('T', ' ');
    }

    private static Map<String, Map<String, Point>> points(List<MetricRecord> rows, String metric, long length) {
        Map<String, Map<String, Map<String, MetricRecord>>> bySliceWindow = new TreeMap<>();
        for (MetricRecord r : rows) {
            if (r.windowMillis() == length) {
                bySliceWindow
                        .computeIfAbsent(r.slice(), s -> new TreeMap<>())
                        .computeIfAbsent(r.windowStart().toInstant().toString(), w -> new HashMap<>())
                        .put(r.metric(), r);
            }
        }
        Map<String, Map<String, Point>> out = new TreeMap<>();
        bySliceWindow.forEach((slice, windows) -> windows.forEach((window, metrics) -> {
            MetricRecord value = metrics.get(metric);
            if (value != null) {
                out.computeIfAbsent(slice, s -> new TreeMap<>())
                        .put(
                                window,
                                new Point(
                                        label(value.windowStart()),
                                        value.value(),
                                        MetricRecord.valueOf(metrics.get(metric + "_ci_low")),
                                        MetricRecord.valueOf(metrics.get(metric + "_ci_high")),
                                        value.n()));
            }
        }));
        return out;
    }

    /**
     * Per model, the cells of its latest windowed drift run (features by window), else of all its
     * runs (features by run).
     */
    private static List<DriftMap> drift(StoreSnapshot store) {
        List<DriftMap> maps = new ArrayList<>();
        Function<Recorded<DriftRecord>, String> modelOf = r -> r.record().model();
        for (String model : ModelNames.of(store.drift(), modelOf)) {
            List<Recorded<DriftRecord>> drift = ModelNames.rowsOf(store.drift(), modelOf, model);
            Optional<Recorded<DriftRecord>> windowed = drift.stream()
                    .filter(r -> r.record().windowStart() != null)
                    .max(Comparator.comparing(Recorded::computedAt));
            List<Recorded<DriftRecord>> rows = windowed.isEmpty()
                    ? drift
                    : drift.stream()
                            .filter(r -> windowed.get().runId().equals(r.runId()))
                            .toList();
            List<DriftCell> cells = new ArrayList<>();
            for (Recorded<DriftRecord> r : rows) {
                DriftResult result = r.record().result();
                Instant column = r.record().windowStart() != null ? r.record().windowStart() : r.computedAt();
                cells.add(new DriftCell(
                        result.feature(),
                        column.toString().substring(0, 16).replace('T', ' '),
                        result.method(),
                        result.statistic(),
                        result.pValue(),
                        result.threshold(),
                        result.drifted()));
            }
            maps.add(new DriftMap(
                    model,
                    windowed.isEmpty()
                            ? "features by drift run"
                            : "features by window of the latest windowed drift run",
                    cells));
        }
        return maps;
    }

    /** The findings of each model's latest monitor run, and their counts by model and kind. */
    private static List<Finding> findings(StoreEvidence evidence, Map<String, Map<String, Long>> counts) {
        List<Finding> out = new ArrayList<>();
        evidence.latestFindings().forEach((model, rows) -> {
            String name = model == null ? "" : model;
            for (FindingRecord r : rows) {
                dev.verity.drift.loss.Finding f = r.finding();
                counts.computeIfAbsent(name, k -> new TreeMap<>())
                        .merge(f.kind().id(), 1L, Long::sum);
                out.add(new Finding(
                        name,
                        f.kind().id(),
                        f.windowStart() == null
                                ? ""
                                : f.windowStart().toString().substring(0, 16).replace('T', ' '),
                        f.column(),
                        f.observed(),
                        NamedValues.orNull(f.expected()),
                        f.detail()));
            }
        });
        return out;
    }
}
