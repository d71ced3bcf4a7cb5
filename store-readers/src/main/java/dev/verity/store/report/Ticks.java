package dev.verity.store.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Round axis ticks: steps of 1, 2 or 5 times a power of ten covering a range, labelled with as
 * many decimals as the step needs (0.62, 0.64, not 0.6213, 0.6418).
 */
record Ticks(List<Double> values, double step) {

    /** About {@code count} ticks from at or below {@code lo} to at or above {@code hi}. */
    static Ticks covering(double lo, double hi, int count) {
        double span = hi > lo ? hi - lo : Math.max(Math.abs(lo), 1e-6);
        double raw = span / Math.max(1, count);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                step = m * power;
                break;
            }
        }
        double first = Math.floor(lo / step) * step;
        double last = Math.ceil((hi > lo ? hi : lo + step) / step) * step;
        List<Double> values = new ArrayList<>();
        for (long i = 0; first + i * step <= last + step / 2; i++) {
            values.add(first + i * step);
        }
        return new Ticks(values, step);
    }

    double first() {
        return values.get(0);
    }

    double last() {
        return values.get(values.size() - 1);
    }

    /** The tick's label: enough decimals for the step, no more. */
    String label(double value) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0\\.?0*") ? text.substring(1) : text;
    }
}
