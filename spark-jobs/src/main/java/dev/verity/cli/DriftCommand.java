package dev.verity.cli;

import dev.verity.drift.MultivariateDrift;
import dev.verity.jobs.ModelScope;
import dev.verity.jobs.Period;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.drift.DriftJob;
import dev.verity.jobs.drift.DriftSettings;
import dev.verity.jobs.drift.ProfileReference;
import dev.verity.jobs.io.InputReader;
import dev.verity.store.BadInputException;
import dev.verity.store.DriftRecord;
import dev.verity.store.Job;
import dev.verity.store.ProfileHistory;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.delta.StoreRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "drift",
        mixinStandardHelpOptions = true,
        description = "Compare each feature of a current dataset with a reference and flag drift.")
public final class DriftCommand implements Callable<Integer> {
    @Option(names = "--reference", description = "Reference data: Delta, Parquet, CSV or JSON lines.")
    String reference;

    @Option(names = "--current", required = true, description = "Current data, same columns.")
    String current;

    @Option(names = "--numeric", split = ",", description = "Numeric features (default: detected from the reference).")
    List<String> numeric = new ArrayList<>();

    @Option(names = "--categorical", split = ",", description = "Categorical features.")
    List<String> categorical = new ArrayList<>();

    @Option(
            names = "--method",
            description =
                    "auto, ks, psi, wasserstein, jensenshannon, chi2 or ztest for every feature (default: auto, or --conf).")
    String method;

    @Option(
            names = "--conf",
            description = "YAML with methods and thresholds globally, per kind and per feature (see conf/drift.yaml).")
    Path conf;

    @Option(names = "--threshold", description = "Threshold for one feature, feature=value (repeatable).")
    List<String> thresholds = new ArrayList<>();

    @Mixin
    InputFormatOption inputFormat;

    @Option(
            names = "--window",
            converter = Converters.WindowSpecText.class,
            description = "Compare each window (1h, 1d, 7d) of the current data by its ts.")
    WindowSpec window;

    @Option(
            names = "--previous",
            defaultValue = "0",
            description = "With --window and no --reference: compare each window with the N windows before it.")
    int previous;

    @Mixin
    PredictionDriftOption predictionDrift;

    @Mixin
    ProfilesOption profiles;

    @Option(
            names = "--multivariate",
            description = "Also judge all features at once: a random forest trained to tell reference rows from "
                    + "current ones, its held-out AUC with a DeLong interval; drifted when the interval's low end is "
                    + "above " + MultivariateDrift.THRESHOLD + ". One more row per model, feature '"
                    + MultivariateDrift.ALL_FEATURES + "', method " + MultivariateDrift.METHOD + ".")
    boolean multivariate;

    @Option(
            names = "--reference-profile",
            paramLabel = "START/END",
            converter = Converters.PeriodText.class,
            description = "Instead of --reference: the profiles --store holds of the windows starting in this span "
                    + "(2026-10-01/2027-01-01), merged, so no reference rows are read. Approximate: the column "
                    + DriftRecord.REFERENCE_ERROR + " says how far each reference share may be off.")
    Period referenceProfile;

    @Option(
            names = "--store",
            description = "Also append the results to this evaluation store, with the profile of each window (else "
                    + "day) and column of the current data when it has a ts.")
    String store;

    @Option(
            names = "--model",
            description = "The model the data is of; with a model column, only its rows "
                    + "(default: each model of the model column in turn, else none).")
    String model;

    @Mixin
    OutputOption output;

    @Mixin
    FailOnOption failOn;

    @Override
    public Integer call() {
        SparkSession spark = VeritySpark.session();
        if (window == null && previous > 0) {
            throw new BadInputException("--previous: only with --window");
        }
        if (referenceProfile != null && store == null) {
            throw new BadInputException("--reference-profile", "reads the profiles of a --store: name it");
        }
        DriftSettings settings = (conf == null ? DriftSettings.defaults() : DriftSettings.read(conf))
                .withOverrides(method == null ? null : method.toLowerCase(Locale.ROOT), parseThresholds());
        DriftJob.Config config = new DriftJob.Config(
                reference,
                current,
                inputFormat.format,
                numeric,
                categorical,
                settings,
                window,
                previous,
                null,
                predictionDrift.on,
                multivariate,
                referenceProfile == null ? null : profileReference(),
                profiles.on);
        EvaluationStore evaluationStore = store == null ? null : new EvaluationStore(spark, store);
        // With a store, each model's run is recorded there with its results (its failure too).
        List<DriftJob.Report> reports = ModelScope.runEach(
                        () -> new InputReader(spark).read(current, inputFormat.format),
                        current,
                        model,
                        evaluationStore,
                        this::scope,
                        (scope, input, runId) -> evaluationStore == null
                                ? new DriftJob(spark).runAll(config.forModel(scope))
                                : new DriftJob(spark).runInto(evaluationStore, runId, config.forModel(scope)))
                .stream()
                .flatMap(List::stream)
                .toList();
        List<DriftRecord> records = DriftJob.records(reports, config.referenceName(), current);
        List<String> columns = new ArrayList<>(DriftRecord.COLUMNS);
        if (multivariate) {
            columns.addAll(DriftRecord.MULTIVARIATE_COLUMNS);
        }
        if (referenceProfile != null) {
            columns.add(DriftRecord.REFERENCE_ERROR);
            output.note("approximate: the reference is " + config.referenceName() + "; each statistic is computed "
                    + "on the values the profiles kept, every share of them within " + DriftRecord.REFERENCE_ERROR
                    + " of the true one (exact where it is 0); --reference reads rows and is exact");
        }
        TableOutput table = TableOutput.ofNamed(
                columns, records.stream().map(DriftRecord::named).toList());
        output.print(table);
        if (output.format == OutputFormat.TABLE) {
            for (DriftJob.Report report : reports) {
                long drifted = report.results().stream()
                        .filter(r -> Boolean.TRUE.equals(r.drifted()))
                        .count();
                output.out()
                        .printf(
                                "%s%sdataset drift: %s (%d of %d features drifted)%n",
                                report.model() == null ? "" : report.model() + " ",
                                report.windowStart() == null ? "" : report.windowStart() + " ",
                                report.datasetDrift() ? "YES" : "no",
                                drifted,
                                report.results().size());
                if (report.multivariate() != null) {
                    output.out()
                            .println("all features at once: "
                                    + report.multivariate().describe());
                }
            }
        }
        boolean drifted =
                reports.stream().flatMap(r -> r.allResults().stream()).anyMatch(r -> Boolean.TRUE.equals(r.drifted()));
        return failOn.exitCode(drifted ? EnumSet.of(FailOn.DRIFT) : EnumSet.noneOf(FailOn.class));
    }

    /** The profiles the store holds now; the period is chosen per model. */
    private ProfileReference profileReference() {
        StoreReader reader = new StoreReader(store, VeritySpark.hadoopConfiguration());
        if (!reader.exists()) {
            throw new BadInputException(
                    store + ": no evaluation store here, so no profiles (verity monitor --store " + "writes them)");
        }
        return new ProfileReference(
                store, referenceProfile, ProfileHistory.of(reader.latest().profiles()));
    }

    private StoreRun.Scope scope(String model) {
        return new StoreRun.Scope(Job.DRIFT, model, output.commandLine(), current);
    }

    private Map<String, Double> parseThresholds() {
        Map<String, Double> parsed = new HashMap<>();
        for (String t : thresholds) {
            String[] parts = t.split("=", 2);
            try {
                parsed.put(parts[0], Double.parseDouble(parts[1]));
            } catch (RuntimeException e) {
                throw new BadInputException("--threshold: '" + t + "' is not of the form feature=number");
            }
        }
        return parsed;
    }
}
