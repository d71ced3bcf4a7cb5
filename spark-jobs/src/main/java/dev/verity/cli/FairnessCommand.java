package dev.verity.cli;

import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.fairness.FairnessJob;
import dev.verity.jobs.fairness.StoredFairness;
import dev.verity.store.BadInputException;
import dev.verity.store.FairnessRecord;
import dev.verity.store.Job;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.delta.StoreRun;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "fairness",
        mixinStandardHelpOptions = true,
        description = "Per protected group and window: selection rate, TPR, FPR, precision, AUC and calibration "
                + "ratio with 95%% intervals (Wilson; DeLong for AUC), and each group's gaps to the reference group "
                + "(demographic parity difference and ratio, equal opportunity, equalized odds and predictive parity "
                + "differences, the four-fifths rule) with Newcombe's and Katz's intervals; a gap is significant "
                + "when its interval excludes none. From the logs, or without them from what evaluate --slice-by "
                + "stored in --store.")
public final class FairnessCommand implements Callable<Integer> {
    @Mixin
    OutputOption output;

    @Mixin
    FailOnOption failOn;

    @Mixin
    LabelledLogsOptions logs;

    @Mixin
    TimeRangeOptions range;

    @Option(
            names = "--protected",
            required = true,
            split = ",",
            description = "The protected attributes: columns of the prediction log (gender,age_band).")
    List<String> attributes;

    @Option(
            names = "--threshold",
            defaultValue = "0.5",
            description = "A row is selected when its score is at least this (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--reference-group",
            description = "The group the others are compared with: attribute=group (repeatable), or a group "
                    + "when one attribute is protected (default: each attribute's largest group).")
    List<String> referenceGroups = List.of();

    @Option(
            names = "--window",
            defaultValue = WindowSpec.ALL,
            converter = Converters.WindowSpecText.class,
            description = "1h, 1d, 7d or all (default: ${DEFAULT-VALUE}).")
    WindowSpec window;

    @Option(
            names = "--store",
            description = "Also append the measures to this evaluation store (_verity/fairness); without "
                    + "--predictions and --labels, the measures come from what evaluate --slice-by stored there.")
    String store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new BadInputException("--threshold: a score in [0, 1], got " + threshold);
        }
        boolean fromStore = !logs.given();
        if (fromStore && store == null) {
            throw new BadInputException("--predictions and --labels, or --store: the logs or what evaluate stored");
        }
        FairnessJob.Config config = new FairnessJob.Config(
                fromStore ? null : logs.inputs(),
                attributes,
                threshold,
                references(),
                window,
                range.range(spec.commandLine(), window));
        List<FairnessRecord> records;
        if (fromStore) {
            Double asked = spec.commandLine().getParseResult().hasMatchedOption("--threshold") ? threshold : null;
            List<FairnessRecord> measured = StoredFairness.measures(
                    new StoreReader(store, VeritySpark.hadoopConfiguration()).latest(), config, asked);
            records = FairnessJob.record(
                    new EvaluationStore(VeritySpark.session(), store),
                    new StoreRun.Scope(Job.FAIRNESS, null, output.commandLine(), store),
                    () -> measured);
        } else {
            FairnessJob job = new FairnessJob(VeritySpark.session());
            records = store == null
                    ? job.run(config)
                    : job.runInto(
                            new EvaluationStore(VeritySpark.session(), store),
                            new StoreRun.Scope(Job.FAIRNESS, null, output.commandLine(), logs.predictions),
                            config);
        }
        output.print(TableOutput.ofNamed(
                FairnessRecord.COLUMNS,
                records.stream().map(FairnessRecord::named).toList()));
        boolean biased = records.stream().anyMatch(r -> Boolean.TRUE.equals(r.significant()));
        return failOn.exitCode(biased ? EnumSet.of(FailOn.BIAS) : EnumSet.noneOf(FailOn.class));
    }

    private Map<String, String> references() {
        Map<String, String> references = new LinkedHashMap<>();
        for (String named : referenceGroups) {
            String[] parts = named.split("=", 2);
            if (parts.length == 2) {
                references.put(parts[0], parts[1]);
            } else if (attributes.size() == 1) {
                references.put(attributes.get(0), named);
            } else {
                throw new BadInputException("--reference-group: '" + named + "' names no attribute; with several "
                        + "protected attributes write attribute=group");
            }
        }
        return references;
    }
}
