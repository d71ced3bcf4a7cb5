package dev.verity.cli;

import dev.verity.jobs.BadInputException;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "advise",
        mixinStandardHelpOptions = true,
        description =
                "Say whether a model should be retrained, with the evidence: quality decay beyond its interval, drifted features, a challenger's replay.")
public final class AdviseCommand implements Callable<Integer> {

    @Mixin
    StoreReadOptions storeOptions;

    @Mixin
    FailOnOption failOn;

    @Option(names = "--model", required = true, description = "The model, as named in the store.")
    String model;

    @Override
    public Integer call() {
        failOn.check("advise", EnumSet.of(FailOn.RETRAIN, FailOn.ROLLBACK, FailOn.QUALITY_DROP));
        StoreEvidence evidence = new StoreEvidence(storeOptions.snapshot());
        if (!evidence.models().contains(model)) {
            throw new BadInputException("--model: no metrics for '" + model + "' in " + storeOptions.store
                    + " (models: " + String.join(", ", evidence.models()) + ")");
        }
        RetrainAdvice.Advice advice = evidence.advise(model);
        if (storeOptions.output.format == OutputFormat.TABLE) {
            ResultText.advice(advice, storeOptions.output.out());
        } else {
            storeOptions.output.print(
                    new TableOutput(java.util.List.of("model", "model_version", "action", "why", "evidence"))
                            .add(
                                    advice.model(),
                                    advice.version(),
                                    advice.action().label(),
                                    advice.why(),
                                    String.join("; ", advice.evidence())));
        }
        return failOn.exitCode(FailOn.of(advice));
    }
}
