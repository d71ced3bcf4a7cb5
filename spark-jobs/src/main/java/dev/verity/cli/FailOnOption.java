package dev.verity.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --fail-on}: a scheduler's way to tell "found something" (exit 3) from "all well" (exit 0). */
final class FailOnOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private List<FailOn> conditions = List.of();

    /** Set from the command line or a --conf file; a condition this command cannot find is a usage error. */
    @Option(
            names = "--fail-on",
            converter = Converters.FailOnCondition.class,
            description = "Exit 3 after writing the results when the command found this (repeatable).")
    void conditions(List<FailOn> asked) {
        String name = command.name();
        Set<FailOn> findable = FailOn.findableBy(name);
        for (FailOn condition : asked) {
            if (!findable.contains(condition)) {
                throw new ParameterException(
                        command.commandLine(),
                        "--fail-on " + condition.id() + ": " + name + " cannot find that; it finds "
                                + String.join(
                                        ", ", findable.stream().map(FailOn::id).toList()));
            }
        }
        conditions = List.copyOf(asked);
    }

    /** The help of {@code --fail-on} in {@code command}: what it can find. */
    static String help(String command) {
        return "Exit 3 after writing the results when the command found this (repeatable): "
                + String.join(
                        ", ",
                        FailOn.findableBy(command).stream().map(FailOn::id).toList()) + ".";
    }

    /** True when no condition was asked for: nothing need be looked for. */
    boolean none() {
        return conditions.isEmpty();
    }

    /** 3 when one of the asked-for conditions was found, else 0. */
    int exitCode(Set<FailOn> found) {
        EnumSet<FailOn> hit = EnumSet.noneOf(FailOn.class);
        hit.addAll(found);
        hit.retainAll(conditions);
        return hit.isEmpty() ? 0 : FailOn.EXIT_CODE;
    }
}
