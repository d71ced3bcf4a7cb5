package dev.verity.drift;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * How much of a change in an additive per-row loss (log loss, Brier, error rate) between a
 * reference period and a window one feature's shift accounts for, two ways:
 *
 * <ul>
 *   <li><b>reweighting</b>: the reference's rows reweighted so that the feature's bins have the
 *       window's shares, {@code sum_b share_window(b) * mean_loss_reference(b)}; the part of the
 *       change that reproduces is the feature's {@code share}. A bin the reference never saw keeps
 *       the reference's overall mean: the reference says nothing about it.
 *   <li><b>correlation</b> (NannyML's ranker): over the windows given, Pearson's correlation of
 *       the feature's PSI against the reference with the window's loss change.
 * </ul>
 */
public final class ShiftAttribution {
    private ShiftAttribution() {}

    /** A feature's bins in one period: rows and summed loss per bin, the bins in one order for every period. */
    public record Bins(long[] rows, double[] losses) {
        public Bins {
            if (rows.length != losses.length) {
                throw new IllegalArgumentException("rows and losses differ in length");
            }
        }

        long total() {
            return Arrays.stream(rows).sum();
        }

        double meanLoss() {
            return Arrays.stream(losses).sum() / total();
        }

        double[] shares() {
            double total = total();
            return Arrays.stream(rows).mapToDouble(r -> r / total).toArray();
        }
    }

    /**
     * One feature's part in the change.
     *
     * @param reproduced the reweighted reference's mean loss
     * @param share the part of the change the reweighting reproduces (NaN when the loss did not change)
     * @param psi the feature's PSI from the reference to the window
     * @param correlation over the windows, PSI against the loss change (NaN with fewer than 3 windows or no spread)
     */
    public record Attribution(
            double referenceLoss,
            double windowLoss,
            double reproduced,
            double share,
            double psi,
            double correlation,
            int windows) {}

    /**
     * @param windows the periods the correlation runs over (the window among them, typically)
     * @throws IllegalArgumentException when the reference or the window has no rows
     */
    public static Attribution of(Bins reference, Bins window, List<Bins> windows) {
        if (reference.total() == 0 || window.total() == 0) {
            throw new IllegalArgumentException("the reference and the window need rows");
        }
        double referenceLoss = reference.meanLoss();
        double windowLoss = window.meanLoss();
        double[] shares = window.shares();
        double reproduced = 0;
        for (int b = 0; b < shares.length; b++) {
            reproduced += shares[b]
                    * (reference.rows()[b] > 0
                            ? reference.losses()[b] / reference.rows()[b]
                            : referenceLoss);
        }
        double change = windowLoss - referenceLoss;
        double share = change == 0 ? Double.NaN : (reproduced - referenceLoss) / change;
        return new Attribution(
                referenceLoss,
                windowLoss,
                reproduced,
                share,
                psi(reference, window),
                correlation(reference, windows),
                windows.size());
    }

    private static double psi(Bins reference, Bins window) {
        return Distances.psi(Distances.floored(reference.shares()), Distances.floored(window.shares()));
    }

    private static double correlation(Bins reference, List<Bins> windows) {
        List<Bins> filled = windows.stream().filter(w -> w.total() > 0).toList();
        if (filled.size() < 3) {
            return Double.NaN;
        }
        double[] psi = filled.stream().mapToDouble(w -> psi(reference, w)).toArray();
        double[] change = filled.stream()
                .mapToDouble(w -> w.meanLoss() - reference.meanLoss())
                .toArray();
        if (Arrays.stream(psi).distinct().count() < 2
                || Arrays.stream(change).distinct().count() < 2) {
            return Double.NaN;
        }
        return new PearsonsCorrelation().correlation(psi, change);
    }
}
