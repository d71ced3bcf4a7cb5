package dev.verity.metrics;

import java.util.List;
import java.util.Objects;

/**
 * One computed metric: a value, or null with the reason it is undefined (one class, no rows, ...).
 * A metric that cannot be computed is a value of this type, never an exception.
 */
public record MetricValue(String name, Double value, String reason) {

    public MetricValue {
        Objects.requireNonNull(name, "name");
        if (value == null && reason == null) {
            throw new IllegalArgumentException("an undefined metric needs a reason: " + name);
        }
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    name + " is not finite: " + value + "; store it as undefined with a reason");
        }
    }

    public static MetricValue of(String name, double value) {
        return new MetricValue(name, value, null);
    }

    public static MetricValue undefined(String name, String reason) {
        return new MetricValue(name, null, reason);
    }

    public boolean isDefined() {
        return value != null;
    }

    /** The value of the metric {@code name} among {@code values}: null when it is absent or undefined. */
    public static Double valueOf(List<MetricValue> values, String name) {
        return values.stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .map(MetricValue::value)
                .orElse(null);
    }
}
