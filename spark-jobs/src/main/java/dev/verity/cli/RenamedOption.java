package dev.verity.cli;

import dev.verity.store.BadInputException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * An option's old spelling, kept working for one release after a rename (CHANGELOG.md lists
 * them): using it warns on stderr and hands the value to the new option.
 */
final class RenamedOption {
    private RenamedOption() {}

    static void warn(CommandSpec command, String old, String now) {
        command.commandLine()
                .getErr()
                .println("verity: warning: " + command.qualifiedName() + " " + old + " is now " + now
                        + "; the old spelling goes in the next release (see CHANGELOG.md)");
    }

    /**
     * {@code value} converted as picocli would for an option field: inside an option's setter a
     * converter's error would otherwise not be a usage error.
     */
    static <T> T convert(CommandSpec command, String option, ITypeConverter<T> converter, String value) {
        try {
            return converter.convert(value);
        } catch (Exception e) {
            throw new ParameterException(
                    command.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    /** A required option that has an old spelling too, so picocli cannot require it. */
    static <T> T required(T value, String name) {
        if (value == null) {
            throw new BadInputException("Missing required option: '" + name + "'");
        }
        return value;
    }
}
