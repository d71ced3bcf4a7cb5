package dev.verity.store.prometheus;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every evaluated window's metric values in the OpenMetrics text format, each sample stamped
 * with its window's end: what {@code promtool tsdb create-blocks-from openmetrics} turns into
 * Prometheus blocks, so a range query over past windows answers with the store's values. The
 * series are the ones {@code serve} exports ({@link PrometheusView#MODEL_METRIC} and
 * {@link PrometheusView#MODEL_METRIC_ROWS}), so a dashboard shows backfilled and scraped points
 * as one line. Written here rather than by the Prometheus client's writer: that writes one scrape,
 * and refuses two points of one series.
 */
public final class MetricHistory {
    private MetricHistory() {}

    /** One window's value of one series. */
    private record Sample(double value, long n) {}

    /**
     * Writes the history of {@code metricRows} (rows of the metrics table); rows without a value,
     * and reliability-curve points (a curve per window, not series to alert on), are left out.
     */
    public static void write(List<MetricRecord> metricRows, PrintWriter out) {
        Map<List<String>, List<MetricRecord>> rowsOf = new TreeMap<>(MetricHistory::compareLabels);
        for (MetricRecord row : metricRows) {
            if (row.value() == null || BinaryMetrics.isReliabilityPoint(row.metric())) {
                continue;
            }
            NamedValues named = row.named();
            List<String> labels = new ArrayList<>();
            for (String label : PrometheusView.METRIC_LABELS) {
                labels.add(named.string(label));
            }
            rowsOf.computeIfAbsent(labels, l -> new ArrayList<>()).add(row);
        }
        // series (its label values) -> window end -> the sample, of the series' one window length (as serve's)
        Map<List<String>, TreeMap<Long, Sample>> series = new TreeMap<>(MetricHistory::compareLabels);
        rowsOf.forEach((labels, rows) -> {
            long length = MetricRecord.seriesLength(rows);
            TreeMap<Long, Sample> samples = new TreeMap<>();
            rows.stream()
                    .filter(r -> r.windowMillis() == length)
                    .forEach(r -> samples.put(r.windowEnd().getTime(), new Sample(r.value(), r.n())));
            series.put(labels, samples);
        });
        family(out, PrometheusView.MODEL_METRIC, "Value of a model metric in an evaluated window", series, false);
        family(out, PrometheusView.MODEL_METRIC_ROWS, "Rows behind the value", series, true);
        out.println("# EOF");
        out.flush();
    }

    private static void family(
            PrintWriter out, String name, String help, Map<List<String>, TreeMap<Long, Sample>> series, boolean rows) {
        out.println("# TYPE " + name + " gauge");
        out.println("# HELP " + name + " " + help);
        series.forEach((labels, samples) -> {
            String labelSet = labelSet(labels);
            samples.forEach((end, s) -> out.println(
                    name + labelSet + " " + (rows ? Long.toString(s.n()) : number(s.value())) + " " + seconds(end)));
        });
    }

    private static String labelSet(List<String> values) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ",")
                    .append(PrometheusView.METRIC_LABELS.get(i))
                    .append("=\"")
                    .append(escape(values.get(i) == null ? "" : values.get(i)))
                    .append('"');
        }
        return text.append('}').toString();
    }

    /** A label value as OpenMetrics quotes it: backslash, double quote and line feed escaped. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    /** Unix seconds, as OpenMetrics stamps samples. */
    private static String seconds(long millis) {
        return millis % 1000 == 0
                ? Long.toString(millis / 1000)
                : String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
    }

    private static int compareLabels(List<String> a, List<String> b) {
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        for (int i = 0; i < a.size(); i++) {
            int c = nullsFirst.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
