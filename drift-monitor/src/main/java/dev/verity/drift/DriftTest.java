package dev.verity.drift;

import java.util.Set;

/**
 * One statistical test of drift between a reference and a current distribution. Each test
 * declares its name, the feature kinds it accepts, its default threshold and which direction
 * means drift; the registry ({@link DriftTests}) picks and configures them.
 */
public interface DriftTest {

    /** Whether drift is a small p-value or a large distance. */
    enum Direction {
        P_VALUE_BELOW,
        STATISTIC_ABOVE
    }

    /** A test's raw result: a statistic (and p-value), or nulls with the reason they are undefined. */
    record Outcome(Double statistic, Double pValue, String reason) {
        public static Outcome distance(double statistic) {
            return new Outcome(statistic, null, null);
        }

        public static Outcome test(double statistic, double pValue) {
            return new Outcome(statistic, pValue, null);
        }

        public static Outcome undefined(String reason) {
            return new Outcome(null, null, reason);
        }
    }

    String name();

    Set<FeatureKind> kinds();

    double defaultThreshold();

    Direction direction();

    default Outcome numeric(NumericComparison comparison) {
        throw new UnsupportedOperationException(name() + " does not test numeric features");
    }

    default Outcome categorical(CategoricalDistribution reference, CategoricalDistribution current) {
        throw new UnsupportedOperationException(name() + " does not test categorical features");
    }
}
