package dev.verity.store.anomaly;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.anomaly.FalseDiscovery;
import dev.verity.metrics.anomaly.SeasonalBaseline;
import dev.verity.store.Columns;
import dev.verity.store.MetricRecord;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.WindowFinality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Each final window of every series (model, version, slice, metric) judged against its own
 * seasonal history ({@link SeasonalBaseline}), with Benjamini-Hochberg q-values across every
 * window judged together: {@code anomalous} when q is at most the false discovery rate asked for,
 * so 500 slices judged at once do not raise 25 false alarms a day at 5%. Provisional windows
 * (labels still to come) are neither judged nor part of a baseline.
 */
public final class Anomalies {
    /** The false discovery rate unless told otherwise. */
    public static final double DEFAULT_FDR = FalseDiscovery.DEFAULT_RATE;

    /**
     * The series of a window's and slice's predictions, each id once: the {@code n} of its
     * {@value MetricCatalog#LABELLED_SHARE}, judged like a metric so that a lost hour of logging
     * is seen against the same hour of other weeks.
     */
    public static final String ROWS = Columns.ROWS;

    private Anomalies() {}

    /**
     * One judged window. Its band is where the value falls unless its own (unadjusted) p-value is
     * below the rate; p and q are NaN when the series' history is too short to judge it.
     */
    public record Judgement(
            MetricRecord window,
            SeasonalBaseline.Season season,
            double expected,
            double low,
            double high,
            double pValue,
            double qValue,
            boolean anomalous) {
        /** False when the window had too little history of its season (or none with any width) to be judged. */
        public boolean hasVerdict() {
            return !Double.isNaN(pValue);
        }

        /** The series the window belongs to: model, version, slice and metric. */
        public List<String> series() {
            return seriesOf(window);
        }
    }

    private static List<String> seriesOf(MetricRecord r) {
        return List.of(r.model(), r.modelVersion(), r.slice(), r.metric());
    }

    /**
     * The metrics every surface judges: those whose windows carry a standard error (a value of a
     * few hundred rows is noisier than one of a million, and only a standard error says how much),
     * the label coverage and the row count. Others are judged when named, on their history alone.
     */
    public static boolean judgedByDefault(String metric) {
        return metric.equals(ROWS)
                || metric.equals(MetricCatalog.LABELLED_SHARE)
                || BinaryMetrics.standardErrorOf(metric).isPresent();
    }

    /**
     * The judged windows of {@code store}'s series, oldest first per series: the metrics
     * {@link #judgedByDefault} and those of {@code alsoJudged} ({@link #ROWS} names the row
     * counts). The q-values are across every window of all of them, so every surface that judges
     * the same store with the same metrics (the CLI, serve, the report, advice) flags the same windows.
     */
    public static List<Judgement> judge(StoreSnapshot store, Collection<String> alsoJudged, double fdr) {
        if (!(fdr > 0 && fdr < 1)) {
            throw new IllegalArgumentException("the false discovery rate must be in (0, 1), got " + fdr);
        }
        WindowFinality finality = WindowFinality.of(store.runs());
        Map<List<Object>, MetricRecord> byKey = new HashMap<>();
        Map<List<String>, List<MetricRecord>> series = new LinkedHashMap<>();
        for (MetricRecord r : store.metrics()) {
            byKey.put(List.of(r.model(), r.modelVersion(), r.windowStart(), r.windowEnd(), r.slice(), r.metric()), r);
            if (r.value() == null || Boolean.FALSE.equals(finality.isFinal(r))) {
                continue;
            }
            List<MetricRecord> judged =
                    r.metric().equals(MetricCatalog.LABELLED_SHARE) ? List.of(r, rows(r)) : List.of(r);
            judged.stream()
                    .filter(j -> judgedByDefault(j.metric()) || alsoJudged.contains(j.metric()))
                    .forEach(j -> series.computeIfAbsent(seriesOf(j), k -> new ArrayList<>())
                            .add(j));
        }
        double z = new NormalDistribution().inverseCumulativeProbability(1 - fdr / 2);
        List<MetricRecord> windows = new ArrayList<>();
        List<SeasonalBaseline.Expectation> expectations = new ArrayList<>();
        series.values().forEach(all -> {
            long length = MetricRecord.seriesLength(all);
            List<MetricRecord> rows = all.stream()
                    .filter(r -> r.windowMillis() == length)
                    .sorted(Comparator.comparing(MetricRecord::windowStart))
                    .toList();
            List<SeasonalBaseline.Point> points =
                    rows.stream().map(r -> point(r, byKey)).toList();
            SeasonalBaseline.Season season = SeasonalBaseline.Season.forSeries(
                    Duration.ofMillis(length),
                    Duration.between(
                            rows.get(0).windowStart().toInstant(),
                            rows.get(rows.size() - 1).windowEnd().toInstant()));
            for (int i = 0; i < rows.size(); i++) {
                windows.add(rows.get(i));
                expectations.add(SeasonalBaseline.judge(points.subList(0, i), points.get(i), season, z));
            }
        });
        double[] q = FalseDiscovery.qValues(expectations.stream()
                .mapToDouble(SeasonalBaseline.Expectation::pValue)
                .toArray());
        List<Judgement> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            SeasonalBaseline.Expectation e = expectations.get(i);
            out.add(new Judgement(
                    windows.get(i), e.season(), e.expected(), e.low(), e.high(), e.pValue(), q[i], q[i] <= fdr));
        }
        return out;
    }

    /** The row count of a label coverage's window and slice, as a record of its own series. */
    private static MetricRecord rows(MetricRecord r) {
        return new MetricRecord(
                r.model(),
                r.modelVersion(),
                r.task(),
                r.windowStart(),
                r.windowEnd(),
                r.slice(),
                ROWS,
                (double) r.n(),
                r.n(),
                null,
                r.runId(),
                r.evaluatedAt());
    }

    /**
     * The window's value with its standard error: a coverage's binomial one, a row count's
     * Poisson one, else the one the store holds beside it ({@code auc_se} beside {@code auc}), else 0.
     */
    private static SeasonalBaseline.Point point(MetricRecord r, Map<List<Object>, MetricRecord> byKey) {
        double se;
        if (r.metric().equals(ROWS)) {
            se = Math.sqrt(r.value());
        } else if (r.metric().equals(MetricCatalog.LABELLED_SHARE)) {
            se = r.n() > 0 ? Math.sqrt(r.value() * (1 - r.value()) / r.n()) : 0;
        } else {
            se = BinaryMetrics.standardErrorOf(r.metric())
                    .map(name -> byKey.get(
                            List.of(r.model(), r.modelVersion(), r.windowStart(), r.windowEnd(), r.slice(), name)))
                    .map(MetricRecord::valueOf)
                    .orElse(0.0);
        }
        return new SeasonalBaseline.Point(r.windowStart().toInstant(), r.value(), se);
    }
}
