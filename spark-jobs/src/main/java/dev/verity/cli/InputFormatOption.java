package dev.verity.cli;

import dev.verity.jobs.io.InputFormat;
import picocli.CommandLine.Option;

/** {@code --input-format}: the format of a command's input logs when their names do not tell. */
final class InputFormatOption {
    @Option(
            names = "--input-format",
            description = "Format of the inputs when their names do not tell: delta, parquet, csv or json.")
    InputFormat format;
}
