package dev.verity.metrics.fairness;

/**
 * How a group's rate differs from the reference group's, with 95% intervals that need no
 * resampling: Newcombe's hybrid score interval for a difference of two independent proportions
 * (his method 10, from each rate's Wilson interval), and Katz's log interval for their ratio.
 */
public final class Gap {
    private Gap() {}

    /** {@code group - reference}, and Newcombe's interval; unknown when either has no trials. */
    public static Estimate difference(Proportion group, Proportion reference) {
        double d = group.value() - reference.value();
        if (group.trials() == 0 || reference.trials() == 0) {
            return new Estimate(d, Interval.UNKNOWN);
        }
        Interval g = group.wilson();
        Interval r = reference.wilson();
        double p1 = group.value();
        double p2 = reference.value();
        double low = d - Math.sqrt(square(p1 - g.low()) + square(r.high() - p2));
        double high = d + Math.sqrt(square(g.high() - p1) + square(p2 - r.low()));
        return new Estimate(d, new Interval(low, high));
    }

    /**
     * {@code group / reference}, and Katz's interval {@code exp(log ratio ± z sqrt((1-p1)/x1 +
     * (1-p2)/x2))}; unknown when either has no successes (the log is not defined).
     */
    public static Estimate ratio(Proportion group, Proportion reference) {
        double ratio = group.value() / reference.value();
        if (group.successes() == 0 || reference.successes() == 0) {
            return new Estimate(ratio, Interval.UNKNOWN);
        }
        double se =
                Math.sqrt((1 - group.value()) / group.successes() + (1 - reference.value()) / reference.successes());
        double log = Math.log(ratio);
        return new Estimate(ratio, new Interval(Math.exp(log - Interval.Z * se), Math.exp(log + Interval.Z * se)));
    }

    /**
     * The larger of two gaps' absolute values (Fairlearn's equalized odds difference of the true
     * and false positive rates), with the interval of each absolute value taken from its
     * difference's interval and the larger ends kept: each end covers its part at 95%, so the
     * pair is conservative rather than exact.
     */
    public static Estimate largerAbsolute(Estimate a, Estimate b) {
        Interval ia = absolute(a.interval());
        Interval ib = absolute(b.interval());
        double value = Math.max(Math.abs(a.value()), Math.abs(b.value()));
        return new Estimate(value, new Interval(Math.max(ia.low(), ib.low()), Math.max(ia.high(), ib.high())));
    }

    /** Where |x| lies when x lies in {@code interval}. */
    private static Interval absolute(Interval interval) {
        if (Double.isNaN(interval.low()) || Double.isNaN(interval.high())) {
            return Interval.UNKNOWN;
        }
        if (interval.low() >= 0) {
            return interval;
        }
        if (interval.high() <= 0) {
            return new Interval(-interval.high(), -interval.low());
        }
        return new Interval(0, Math.max(-interval.low(), interval.high()));
    }

    private static double square(double x) {
        return x * x;
    }
}
