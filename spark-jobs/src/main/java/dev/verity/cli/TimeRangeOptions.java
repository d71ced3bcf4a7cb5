package dev.verity.cli;

import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --from} and {@code --until}: the time range of prediction time a command covers, in whole windows. */
final class TimeRangeOptions {
    @Option(
            names = "--from",
            converter = Converters.InstantText.class,
            description = "Only predictions at or after this time (a date or an ISO instant, UTC; a window "
                    + "boundary), and labels from then on.")
    Instant from;

    @Option(
            names = "--until",
            converter = Converters.InstantText.class,
            description = "Only predictions before this time (a window boundary), and labels up to a label "
                    + "window after it.")
    Instant until;

    /** The range, its ends boundaries of {@code window}'s windows so every window in it is whole. */
    TimeRange range(CommandLine commandLine, WindowSpec window) {
        TimeRange range;
        try {
            range = new TimeRange(from, until);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--from, --until: " + e.getMessage());
        }
        range.splitsAWindow(window).ifPresent(end -> {
            throw new CommandLine.ParameterException(
                    commandLine,
                    end + " splits a " + window.name() + " window: --from and --until are window boundaries, so "
                            + "every window of the range is evaluated whole");
        });
        return range;
    }
}
