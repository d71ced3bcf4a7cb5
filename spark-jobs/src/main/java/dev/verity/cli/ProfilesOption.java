package dev.verity.cli;

import picocli.CommandLine.Option;

/** {@code --no-profiles}: whether monitor and drift keep the profiles of what they read in their store. */
final class ProfilesOption {
    @Option(
            names = "--profiles",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "With --store, keep the profile of each window and column read (rows, nulls, distinct "
                    + "count, quantiles, frequent values) for verity profiles and drift --reference-profile "
                    + "(default: on).")
    boolean on;
}
