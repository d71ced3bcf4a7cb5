package dev.verity.cli;

import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "advise",
        mixinStandardHelpOptions = true,
        description =
                "Say, for each live version of a model, whether to roll it back (a canary significantly worse than its "
                        + "baseline), retrain it, watch it or leave it, with the evidence: the canary comparison, "
                        + "quality decay beyond its interval, drifted features, a challenger's replay.")
public final class AdviseCommand implements Callable<Integer> {

    @Mixin
    StoreReadOptions storeOptions;

    @Mixin
    FailOnOption failOn;

    @Option(names = "--model", required = true, description = "The model, as named in the store.")
    String model;

    @Override
    public Integer call() {
        StoreEvidence evidence = new StoreEvidence(storeOptions.snapshot());
        KnownValues.require(storeOptions.store, "model", model, evidence.models());
        List<RetrainAdvice.Advice> advice = evidence.advise(model);
        Set<FailOn> found = EnumSet.noneOf(FailOn.class);
        advice.forEach(a -> found.addAll(FailOn.of(a)));
        if (storeOptions.output.format == OutputFormat.TABLE) {
            advice.forEach(a -> ResultText.advice(a, storeOptions.output.out()));
        } else {
            TableOutput table = new TableOutput(List.of("model", "model_version", "action", "why", "evidence"));
            advice.forEach(a ->
                    table.add(a.model(), a.version(), a.action().label(), a.why(), String.join("; ", a.evidence())));
            storeOptions.output.print(table);
        }
        return failOn.exitCode(found);
    }
}
