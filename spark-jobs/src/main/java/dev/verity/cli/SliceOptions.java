package dev.verity.cli;

import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.store.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --slice-by} and {@code --cross}: the slices of evaluate and estimate, named alike. */
final class SliceOptions {
    @Option(names = "--slice-by", split = ",", description = "Columns to slice by, each value its own slice.")
    List<String> sliceBy = new ArrayList<>();

    @Option(names = "--cross", description = "Crossed slice columns a:b (repeatable).")
    List<String> crosses = new ArrayList<>();

    /** @throws BadInputException for a cross not of the form a:b */
    SliceSpec spec() {
        List<List<String>> crossed = new ArrayList<>();
        for (String cross : crosses) {
            List<String> parts = Arrays.asList(cross.split(":"));
            if (parts.size() < 2 || parts.stream().anyMatch(String::isBlank)) {
                throw new BadInputException("--cross: '" + cross + "' is not of the form a:b");
            }
            crossed.add(parts);
        }
        return new SliceSpec(sliceBy, crossed);
    }
}
