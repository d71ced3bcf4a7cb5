package dev.verity.store.anomaly;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.anomaly.FalseDiscovery;
import dev.verity.metrics.anomaly.SeasonalBaseline;
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
    public static final double DEFAULT_FDR = 0.05;

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
            boolean anomalous) {}

    /** The judged windows of {@code store}'s metrics named in {@code metrics} (empty: every metric), oldest first per series. */
    public static List<Judgement> judge(StoreSnapshot store, Collection<String> metrics, double fdr) {
        if (!(fdr > 0 && fdr < 1)) {
            throw new IllegalArgumentException("the false discovery rate must be in (0, 1), got " + fdr);
        }
        WindowFinality finality = WindowFinality.of(store.runs());
        Map<List<Object>, MetricRecord> byKey = new HashMap<>();
        Map<List<String>, List<MetricRecord>> series = new LinkedHashMap<>();
        for (MetricRecord r : store.metrics()) {
            byKey.put(List.of(r.model(), r.modelVersion(), r.windowStart(), r.windowEnd(), r.slice(), r.metric()), r);
            if (r.value() != null
                    && (metrics.isEmpty() || metrics.contains(r.metric()))
                    && !Boolean.FALSE.equals(finality.isFinal(r))) {
                series.computeIfAbsent(
                                List.of(r.model(), r.modelVersion(), r.slice(), r.metric()), k -> new ArrayList<>())
                        .add(r);
            }
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

    /** The window's value with its standard error where the store has one ({@code auc_se} beside {@code auc}), else 0. */
    private static SeasonalBaseline.Point point(MetricRecord r, Map<List<Object>, MetricRecord> byKey) {
        double se = BinaryMetrics.standardErrorOf(r.metric())
                .map(name -> byKey.get(
                        List.of(r.model(), r.modelVersion(), r.windowStart(), r.windowEnd(), r.slice(), name)))
                .map(MetricRecord::valueOf)
                .orElse(0.0);
        return new SeasonalBaseline.Point(r.windowStart().toInstant(), r.value(), se);
    }
}
