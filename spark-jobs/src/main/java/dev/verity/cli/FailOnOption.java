package dev.verity.cli;

import dev.verity.store.BadInputException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --fail-on}: a scheduler's way to tell "found something" (exit 3) from "all well" (exit 0). */
final class FailOnOption {
    @Option(
            names = "--fail-on",
            converter = Converters.FailOnCondition.class,
            description = "Exit 3 after writing the results when the command found this (repeatable).")
    List<FailOn> conditions = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The help of {@code --fail-on} in {@code command}: what it can find. */
    static String help(String command) {
        return "Exit 3 after writing the results when the command found this (repeatable): "
                + String.join(
                        ", ",
                        FailOn.findableBy(command).stream().map(FailOn::id).toList()) + ".";
    }

    /** Fails as a usage error, before any work, on a condition this command cannot find. */
    void check() {
        String name = command.name();
        Set<FailOn> findable = FailOn.findableBy(name);
        for (FailOn condition : conditions) {
            if (!findable.contains(condition)) {
                throw new BadInputException("--fail-on " + condition.id() + ": " + name
                        + " cannot find that; it finds "
                        + String.join(", ", findable.stream().map(FailOn::id).toList()));
            }
        }
    }

    /** 3 when one of the asked-for conditions was found, else 0. */
    int exitCode(Set<FailOn> found) {
        EnumSet<FailOn> hit = EnumSet.noneOf(FailOn.class);
        hit.addAll(found);
        hit.retainAll(conditions);
        return hit.isEmpty() ? 0 : FailOn.EXIT_CODE;
    }
}
