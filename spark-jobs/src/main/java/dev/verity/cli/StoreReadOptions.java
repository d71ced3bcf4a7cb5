package dev.verity.cli;

import dev.verity.jobs.VeritySpark;
import dev.verity.store.BadInputException;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that print what a store holds. */
final class StoreReadOptions {
    @Option(names = "--store", required = true, description = "The evaluation store.")
    String store;

    @Option(
            names = "--as-of",
            paramLabel = "VERSION|TIMESTAMP",
            description = "The store as it was (Delta time travel): a version of its metrics table, or a time "
                    + "(2026-11-01, 2026-11-01T12:00:00, 2026-11-01T12:00:00Z; UTC).")
    String asOf;

    @Mixin
    OutputOption output;

    /** The store (as of {@code --as-of}) for a command that reads it with Spark, after checking that a store is there at all. */
    EvaluationStore open() {
        EvaluationStore evaluationStore = new EvaluationStore(VeritySpark.session(), store);
        StoreReader reader = reader();
        return asOf == null ? evaluationStore : evaluationStore.asOf(time(reader));
    }

    /** The tables that report, advise and compare read, as of {@code --as-of}, by Delta Kernel: no Spark session. */
    StoreSnapshot snapshot() {
        StoreReader reader = reader();
        StoreSnapshot snapshot = asOf == null ? reader.latest() : reader.asOf(time(reader));
        // a listing says which state of the store it shows: a historical one must not pass for today's
        output.note("store " + snapshot.describe());
        return snapshot;
    }

    private StoreReader reader() {
        StoreReader reader = new StoreReader(store, VeritySpark.hadoopConfiguration());
        reader.requireStore();
        if (!reader.exists()) {
            throw new BadInputException(store + ": no evaluation store here (run verity evaluate first)");
        }
        return reader;
    }

    /** The time {@code --as-of} names, within the history the store kept. */
    private Instant time(StoreReader reader) {
        Instant time = asOf.chars().allMatch(Character::isDigit) ? versionTime(reader) : parseTime();
        if (time.isAfter(Instant.now())) {
            throw new BadInputException("--as-of " + asOf + ": a time to come; the store's history ends now (leave "
                    + "--as-of out for the latest)");
        }
        reader.committedAt(0).filter(time::isBefore).ifPresent(first -> {
            throw new BadInputException("--as-of " + asOf + ": " + store + " held no metrics yet (its first were "
                    + "written at " + first + ")");
        });
        reader.historyStart().filter(time::isBefore).ifPresent(start -> {
            throw new BadInputException("--as-of " + asOf + ": " + store + " keeps its history from " + start
                    + " on (store vacuum deleted the files of older versions)");
        });
        return time;
    }

    private Instant versionTime(StoreReader reader) {
        String noVersion = "--as-of: " + store + " has no version " + asOf + " (its latest: "
                + reader.version("").orElse(-1) + ")";
        long version;
        try {
            version = Long.parseLong(asOf);
        } catch (NumberFormatException tooLong) {
            throw new BadInputException(noVersion);
        }
        return reader.committedAt(version).orElseThrow(() -> new BadInputException(noVersion));
    }

    private Instant parseTime() {
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(asOf).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADateTime) {
                try {
                    return LocalDate.parse(asOf).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e) {
                    throw new BadInputException("--as-of: '" + asOf + "' is neither a version nor a time");
                }
            }
        }
    }
}
