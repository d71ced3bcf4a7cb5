package dev.verity.metrics.anomaly;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg q-values: each p-value adjusted for the number judged together, so that
 * flagging every q at or below a level keeps the expected share of false flags among the flagged
 * at that level (the false discovery rate), however many series are judged.
 */
public final class FalseDiscovery {
    /** The false discovery rate Verity's judgements keep unless told otherwise. */
    public static final double DEFAULT_RATE = 0.05;

    private FalseDiscovery() {}

    /**
     * The q-value of each p-value, in the given order: {@code min over j >= i of m p(j) / j} over
     * the p-values sorted ascending, at most 1 (scipy's {@code false_discovery_control(p,
     * method='bh')}). A NaN p-value (no test) is left out of the count and gets a NaN q-value.
     */
    public static double[] qValues(double[] pValues) {
        double[] q = new double[pValues.length];
        Arrays.fill(q, Double.NaN);
        Integer[] order = IntStream.range(0, pValues.length)
                .filter(i -> !Double.isNaN(pValues[i]))
                .boxed()
                .sorted(Comparator.comparingDouble(i -> pValues[i]))
                .toArray(Integer[]::new);
        int m = order.length;
        double smallest = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            if (pValues[i] < 0 || pValues[i] > 1) {
                throw new IllegalArgumentException("p-value " + pValues[i] + " is not in [0, 1]");
            }
            smallest = Math.min(smallest, pValues[i] * m / rank);
            q[i] = smallest;
        }
        return q;
    }
}
