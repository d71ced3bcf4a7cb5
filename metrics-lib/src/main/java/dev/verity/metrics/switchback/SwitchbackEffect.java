package dev.verity.metrics.switchback;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * The effect of a switch-back test, judged at the level of its unit, the period: each period's
 * metric is one observation of the arm that served it. The effect is the treatment periods' mean
 * minus the control periods'; its 95% interval and p-value come from Welch's t on the period
 * means (SciPy's {@code ttest_ind(equal_var=False)}), and a permutation p-value from reassigning
 * the arms to the periods (SciPy's {@code permutation_test}, two-sided as twice the smaller tail):
 * every assignment when there are at most {@value #EXACT_LIMIT}, else {@value #RESAMPLES} seeded
 * random ones.
 *
 * @param tooFew why the interval is not to be trusted (fewer than {@value #MIN_PERIODS} periods in
 *               an arm), or null
 */
public record SwitchbackEffect(
        int controlPeriods,
        int treatmentPeriods,
        double controlValue,
        double treatmentValue,
        double effect,
        double ciLow,
        double ciHigh,
        double pValue,
        double permutationPValue,
        String tooFew) {

    /** Periods per arm below which the t interval's coverage is doubtful. */
    public static final int MIN_PERIODS = 6;

    /** Assignments enumerated exactly up to this many. */
    public static final long EXACT_LIMIT = 100_000;

    /** Random assignments drawn beyond the exact limit. */
    public static final int RESAMPLES = 10_000;

    private static final double LEVEL = 0.95;

    /** Relative tolerance for ties between a reassigned difference and the observed one (SciPy's). */
    private static final double TIE = 1e-14;

    /**
     * @param control   the metric of each period the control served
     * @param treatment the metric of each period the treatment served
     * @param seed      for the random assignments, when there are too many to enumerate
     */
    public static SwitchbackEffect of(double[] control, double[] treatment, long seed) {
        int m = control.length;
        int n = treatment.length;
        double c = mean(control);
        double t = mean(treatment);
        double effect = t - c;
        String tooFew = m < MIN_PERIODS || n < MIN_PERIODS
                ? String.format(
                        java.util.Locale.ROOT,
                        "%d control and %d treatment periods: fewer than %d in an arm, the interval's coverage is "
                                + "doubtful; run longer",
                        m,
                        n,
                        MIN_PERIODS)
                : null;
        if (m < 2 || n < 2) {
            return new SwitchbackEffect(m, n, c, t, effect, Double.NaN, Double.NaN, Double.NaN, Double.NaN, tooFew);
        }
        double vc = variance(control, c) / m;
        double vt = variance(treatment, t) / n;
        double se = Math.sqrt(vc + vt);
        double low;
        double high;
        double p;
        if (se == 0) {
            low = effect;
            high = effect;
            p = effect == 0 ? Double.NaN : 0;
        } else {
            double df = (vc + vt) * (vc + vt) / (vc * vc / (m - 1) + vt * vt / (n - 1));
            TDistribution dist = new TDistribution(null, df);
            double q = dist.inverseCumulativeProbability(0.5 + LEVEL / 2);
            low = effect - q * se;
            high = effect + q * se;
            p = 2 * dist.cumulativeProbability(-Math.abs(effect / se));
        }
        return new SwitchbackEffect(
                m, n, c, t, effect, low, high, p, permutationPValue(control, treatment, seed), tooFew);
    }

    /** Twice the smaller share of arm assignments whose difference is at least (at most) the observed one. */
    static double permutationPValue(double[] control, double[] treatment, long seed) {
        int m = control.length;
        int n = treatment.length;
        double[] all = new double[m + n];
        System.arraycopy(control, 0, all, 0, m);
        System.arraycopy(treatment, 0, all, m, n);
        double total = Arrays.stream(all).sum();
        double observed = mean(treatment) - mean(control);
        double tolerance = TIE * Math.max(1, Math.abs(observed));
        long greater = 0;
        long less = 0;
        long count;
        boolean exact = CombinatoricsUtils.binomialCoefficientDouble(m + n, n) <= EXACT_LIMIT;
        if (exact) {
            int[] chosen = new int[n];
            for (int i = 0; i < n; i++) {
                chosen[i] = i;
            }
            count = 0;
            do {
                double d = difference(all, chosen, total, m, n);
                greater += d >= observed - tolerance ? 1 : 0;
                less += d <= observed + tolerance ? 1 : 0;
                count++;
            } while (next(chosen, m + n));
            return Math.min(1, 2.0 * Math.min(greater, less) / count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] indices = new int[m + n];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < indices.length; i++) {
                indices[i] = i;
            }
            for (int i = 0; i < n; i++) { // the first n of a partial shuffle are the treatment's
                int j = i + random.nextInt(indices.length - i);
                int swap = indices[i];
                indices[i] = indices[j];
                indices[j] = swap;
            }
            double d = difference(all, Arrays.copyOf(indices, n), total, m, n);
            greater += d >= observed - tolerance ? 1 : 0;
            less += d <= observed + tolerance ? 1 : 0;
        }
        // the observed assignment counts as one of the draws (SciPy's randomized p-value)
        return Math.min(1, 2.0 * (Math.min(greater, less) + 1) / (RESAMPLES + 1));
    }

    /** The mean of the chosen values minus the mean of the rest. */
    private static double difference(double[] all, int[] chosen, double total, int m, int n) {
        double treated = 0;
        for (int i : chosen) {
            treated += all[i];
        }
        return treated / n - (total - treated) / m;
    }

    /** The next n-combination of {0..size-1} in lexicographic order; false after the last. */
    private static boolean next(int[] chosen, int size) {
        int k = chosen.length;
        int i = k - 1;
        while (i >= 0 && chosen[i] == size - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        chosen[i]++;
        for (int j = i + 1; j < k; j++) {
            chosen[j] = chosen[j - 1] + 1;
        }
        return true;
    }

    private static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    private static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
