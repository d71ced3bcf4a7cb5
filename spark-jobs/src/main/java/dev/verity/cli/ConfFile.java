package dev.verity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.verity.store.BadInputException;
import dev.verity.store.Errors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's flags from a YAML file: each key is a flag's name without its dashes
 * ({@code slice-by: [country]}), a list standing for a repeated or comma-separated flag. The
 * file's values are parsed as the flags would be; a flag on the command line wins over the file.
 */
final class ConfFile {
    private ConfFile() {}

    /**
     * Sets every option of {@code spec} the command line left out and the file gives.
     *
     * @param blank a new instance of the command, which parses the file's values as flags
     */
    static void apply(CommandSpec spec, Path file, Object blank) {
        Map<String, Object> keys = read(file);
        List<String> args = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Object> key : keys.entrySet()) {
            String name = "--" + key.getKey();
            OptionSpec option = spec.findOption(name);
            if (option == null || name.equals("--conf")) {
                throw new BadInputException(file + ": '" + key.getKey() + "' is not a flag of verity " + spec.name()
                        + " (keys are flag names without dashes, e.g. predictions, slice-by)");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                continue; // the command line wins
            }
            names.add(name);
            List<?> values = key.getValue() instanceof List<?> list ? list : List.of(key.getValue());
            if (option.splitRegex().isEmpty()) {
                values.forEach(v -> args.addAll(List.of(name, String.valueOf(v))));
            } else {
                args.addAll(List.of(
                        name,
                        String.join(",", values.stream().map(String::valueOf).toList())));
            }
        }
        CommandLine parsed = Converters.readingChoices(new CommandLine(blank));
        try {
            parsed.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
        for (String name : names) {
            spec.findOption(name)
                    .setValue(parsed.getCommandSpec().findOption(name).getValue());
        }
    }

    private static Map<String, Object> read(Path file) {
        try {
            Map<String, Object> keys = new ObjectMapper(new YAMLFactory())
                    .readValue(
                            file.toFile(),
                            new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, Object>>() {});
            return keys == null ? Map.of() : keys;
        } catch (IOException e) {
            throw new BadInputException(file + ": not a readable YAML map of flags: " + Errors.oneLine(e));
        }
    }
}
