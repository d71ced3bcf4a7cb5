package dev.verity.cli;

import dev.verity.jobs.Period;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.io.InputFormat;
import dev.verity.metrics.Task;
import dev.verity.store.TimeSpans;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for Verity's option types: a bad value is a usage error that names its option. */
final class Converters {
    private Converters() {}

    /**
     * Makes {@code cli} read the CLI's choices ({@code --task}, {@code --format},
     * {@code --input-format}) by {@link LowerCase}: the command line's and a {@code --conf}
     * file's values alike.
     */
    static CommandLine readingChoices(CommandLine cli) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Task.class, new LowerCase<>(Task.class));
        cli.registerConverter(OutputFormat.class, new LowerCase<>(OutputFormat.class));
        cli.registerConverter(InputFormat.class, new LowerCase<>(InputFormat.class));
        return cli;
    }

    /**
     * An enum's constant by its lower-case name ({@code --task binary}, {@code --format csv}); a
     * misspelt one is answered in the same words, with the nearest.
     */
    static final class LowerCase<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        LowerCase(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
                    return constant;
                }
            }
            List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList();
            throw new TypeConversionException(
                    "'" + value + "' is not one of " + String.join(", ", names) + " (nearest: "
                            + Nearest.to(value.toLowerCase(Locale.ROOT), names).get(0) + ")");
        }
    }

    /** {@code 1h}, {@code 1d}, {@code 7d} or {@code all}. */
    static final class WindowSpecText implements ITypeConverter<WindowSpec> {
        @Override
        public WindowSpec convert(String value) {
            try {
                return WindowSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A date (its UTC midnight) or an ISO-8601 instant. */
    static final class InstantText implements ITypeConverter<java.time.Instant> {
        @Override
        public java.time.Instant convert(String value) {
            try {
                return Period.instant(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code START/END}: two dates or two instants. */
    static final class PeriodText implements ITypeConverter<Period> {
        @Override
        public Period convert(String value) {
            try {
                return Period.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A span such as {@code 30m} or {@code 7d}, in seconds. */
    static final class Seconds implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return TimeSpans.seconds(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** drift, data-loss, mismatch, retrain or quality-drop. */
    static final class FailOnCondition implements ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            try {
                return FailOn.ofId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
