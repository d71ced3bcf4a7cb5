package dev.verity.jobs.replay;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.BinaryState;
import dev.verity.metrics.MetricValue;
import dev.verity.metrics.PairedAuc;
import dev.verity.store.ReplayComparison;
import dev.verity.store.delta.TableSchemas;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Two scores of the same labelled rows of one slice compared metric by metric: AUC with the
 * paired DeLong interval of the difference, PR-AUC, log loss and Brier side by side.
 */
final class ScoreComparison implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Which comparison (an index into the pairs of score columns), then the replay table's columns from slice on. */
    static final StructType SCHEMA = new StructType(java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(DataTypes.createStructField("comparison", DataTypes.IntegerType, false)),
                    java.util.Arrays.stream(TableSchemas.REPLAY_RESULT.fields())
                            .dropWhile(f -> !f.name().equals("slice")))
            .toArray(org.apache.spark.sql.types.StructField[]::new));

    private static final List<String> SIDE_BY_SIDE =
            List.of(BinaryMetrics.PR_AUC, BinaryMetrics.LOG_LOSS, BinaryMetrics.BRIER);

    /** Pairs of score columns (positions in the input row after slice and label), baseline first. */
    private final int[][] comparisons;

    ScoreComparison(int[][] comparisons) {
        this.comparisons = comparisons;
    }

    /** Rows of one slice, each (slice, label, score...), to result rows of {@link #SCHEMA}. */
    Iterator<Row> compare(String slice, Iterator<Row> rows) {
        List<double[]> values = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            double[] v = new double[r.length() - 1];
            for (int i = 1; i < r.length(); i++) {
                v[i - 1] = r.getDouble(i);
            }
            values.add(v);
        }
        int n = values.size();
        double[] labels = column(values, 0);
        List<Row> out = new ArrayList<>();
        for (int c = 0; c < comparisons.length; c++) {
            double[] a = column(values, comparisons[c][0]);
            double[] b = column(values, comparisons[c][1]);
            PairedAuc.Comparison auc = PairedAuc.compare(labels, a, b, n);
            out.add(row(c, ReplayComparison.auc(null, null, null, slice, BinaryMetrics.AUC, auc)));
            Map<String, MetricValue> base = metrics(labels, a);
            Map<String, MetricValue> cand = metrics(labels, b);
            for (String metric : SIDE_BY_SIDE) {
                Double x = base.get(metric).value();
                Double y = cand.get(metric).value();
                String reason = x == null
                        ? base.get(metric).reason()
                        : y == null ? cand.get(metric).reason() : null;
                out.add(row(c, ReplayComparison.sideBySide(null, null, null, slice, metric, x, y, n, reason)));
            }
        }
        return out.iterator();
    }

    /** A comparison computed in a task, in the rows of {@link #SCHEMA}: its sides are named on the driver. */
    private static Row row(int comparison, ReplayComparison c) {
        List<Object> values = new ArrayList<>(List.of(comparison));
        values.addAll(c.values().subList(ReplayComparison.COLUMNS.indexOf("slice"), ReplayComparison.COLUMNS.size()));
        return RowFactory.create(values.toArray());
    }

    private static Map<String, MetricValue> metrics(double[] labels, double[] scores) {
        BinaryState state = new BinaryState(0.5);
        for (int i = 0; i < labels.length; i++) {
            state.add(scores[i], labels[i]);
        }
        return state.compute().stream().collect(Collectors.toMap(MetricValue::name, Function.identity()));
    }

    private static double[] column(List<double[]> rows, int index) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[index];
        }
        return out;
    }
}
