package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is every command's help as the CLI prints it, so the reference a user reads cannot
 * drift from the flags the CLI takes. After changing a flag, rewrite it with
 * {@code mvn -pl spark-jobs test -Dtest=CommandReferenceTest -Dverity.docs.write=true}.
 */
class CommandReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "cli.md");

    static String reference() {
        StringBuilder text = new StringBuilder("# Command reference\n\n"
                + "Every `verity` command's flags, as `verity COMMAND --help` prints them. The README's\n"
                + "[Commands](../README.md#commands) section explains what each command does and shows examples.\n"
                + "This file is generated from the CLI (`CommandReferenceTest` checks it is current).\n");
        append(text, Verity.commandLine());
        return text.toString();
    }

    private static void append(StringBuilder text, CommandLine command) {
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                text.append("\n## ")
                        .append(sub.getCommandSpec().qualifiedName())
                        .append("\n\n```text\n")
                        .append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
                        .append("\n```\n");
                append(text, sub);
            }
        });
    }

    @Test
    void docsCliMdIsTheHelpOfEveryCommand() throws Exception {
        String now = reference();
        if (Boolean.getBoolean("verity.docs.write")) {
            Files.writeString(REFERENCE, now);
        }
        assertThat(Files.readString(REFERENCE))
                .as("docs/cli.md is out of date: rewrite it with mvn -pl spark-jobs test "
                        + "-Dtest=CommandReferenceTest -Dverity.docs.write=true")
                .isEqualTo(now);
    }
}
