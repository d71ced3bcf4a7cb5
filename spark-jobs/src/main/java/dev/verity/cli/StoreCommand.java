package dev.verity.cli;

import dev.verity.store.BadInputException;
import dev.verity.store.Job;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Maintenance of a store's Delta tables, each a recorded run. */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description =
                "Maintain the store's Delta tables: optimize (compact small files), vacuum (delete unreferenced ones).",
        subcommands = {StoreCommand.Optimize.class, StoreCommand.Vacuum.class})
public final class StoreCommand implements Runnable {
    static final List<String> COLUMNS = List.of("table", "files_removed", "files_added");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: optimize or vacuum");
    }

    @Command(
            name = "optimize",
            mixinStandardHelpOptions = true,
            description = "Compact the small files that daily runs leave in every table of the store (Delta OPTIMIZE).")
    static final class Optimize implements Callable<Integer> {
        @Mixin
        StoreReadOptions storeOptions;

        @Override
        public Integer call() {
            return maintain(storeOptions, Job.OPTIMIZE, EvaluationStore::optimize);
        }
    }

    @Command(
            name = "vacuum",
            mixinStandardHelpOptions = true,
            description = "Delete the files no version of the last --retain-hours refers to (Delta VACUUM); "
                    + "--as-of reaches no further back.")
    static final class Vacuum implements Callable<Integer> {
        @Mixin
        StoreReadOptions storeOptions;

        @Option(
                names = "--retain-hours",
                defaultValue = "168",
                description = "Keep every version of the last N hours whole, and set that as each table's "
                        + "retention: --as-of reaches that far back (default and least: ${DEFAULT-VALUE}, "
                        + "Delta's safe minimum).")
        long retainHours;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (retainHours < EvaluationStore.MIN_RETAIN_HOURS) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--retain-hours " + retainHours + ": at least " + EvaluationStore.MIN_RETAIN_HOURS
                                + " (a file younger than that may belong to a write still in progress)");
            }
            return maintain(storeOptions, Job.VACUUM, store -> store.vacuum(retainHours));
        }
    }

    private static int maintain(
            StoreReadOptions options, Job job, Function<EvaluationStore, List<EvaluationStore.Maintenance>> work) {
        if (options.asOf != null) {
            throw new BadInputException("--as-of: a store is maintained at its latest version");
        }
        EvaluationStore store = options.open();
        List<EvaluationStore.Maintenance> done = StoreRun.record(
                store,
                new StoreRun.Scope(job, null, options.output.commandLine(), store.root()),
                runId -> work.apply(store));
        TableOutput table = new TableOutput(COLUMNS);
        done.forEach(m -> table.add(m.table(), m.filesRemoved(), m.filesAdded()));
        options.output.print(table);
        return 0;
    }
}
