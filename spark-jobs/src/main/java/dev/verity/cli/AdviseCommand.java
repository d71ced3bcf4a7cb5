package dev.verity.cli;

import dev.verity.jobs.BadInputException;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "advise", mixinStandardHelpOptions = true,
        description = "Say whether a model should be retrained, with the evidence: quality decay beyond its interval, drifted features, a challenger's replay.")
public final class AdviseCommand implements Callable<Integer> {

    @Mixin
    StoreReadOptions storeOptions;

    @Option(names = "--model", required = true, description = "The model, as named in the store.")
    String model;

    @Override
    public Integer call() {
        StoreEvidence evidence = new StoreEvidence(storeOptions.open());
        if (!evidence.models().contains(model)) {
            throw new BadInputException("--model: no metrics for '" + model + "' in " + storeOptions.store + " (models: "
                    + String.join(", ", evidence.models()) + ")");
        }
        RetrainAdvice.Advice advice = evidence.advise(model);
        if (storeOptions.format.equals("table")) {
            print(advice, System.out);
        } else {
            new TableOutput(java.util.List.of("model", "model_version", "action", "why", "evidence"))
                    .add(advice.model(), advice.version(), advice.action().label(), advice.why(), String.join("; ", advice.evidence()))
                    .print(storeOptions.format, System.out);
        }
        return 0;
    }

    static void print(RetrainAdvice.Advice advice, PrintStream out) {
        out.printf("%s %s: %s%n", advice.model(), advice.version() == null ? "" : advice.version(),
                advice.action().label().toUpperCase(java.util.Locale.ROOT).replace('_', ' '));
        out.println("why: " + advice.why());
        advice.evidence().forEach(e -> out.println("  - " + e));
    }
}
