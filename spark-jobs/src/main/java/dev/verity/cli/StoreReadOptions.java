package dev.verity.cli;

import dev.verity.jobs.BadInputException;
import dev.verity.jobs.VeritySpark;
import dev.verity.store.EvaluationStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that print what a store holds. */
final class StoreReadOptions {
    @Option(names = "--store", required = true, description = "The evaluation store.")
    String store;

    @Mixin
    OutputOption output;

    /** The store, after checking that a store is there at all. */
    EvaluationStore open() {
        EvaluationStore evaluationStore = new EvaluationStore(VeritySpark.session(), store);
        if (!evaluationStore.exists()) {
            throw new BadInputException(store + ": no evaluation store here (run verity evaluate first)");
        }
        return evaluationStore;
    }
}
