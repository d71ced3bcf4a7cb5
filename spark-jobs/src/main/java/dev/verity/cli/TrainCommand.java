package dev.verity.cli;

import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.replay.ModelCard;
import dev.verity.jobs.replay.ModelTrainer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Fit a Spark MLlib pipeline (categories one-hot encoded inside it) on logged features and labels, and save it.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Training log: Delta, Parquet, CSV or JSON lines.")
    String data;

    @Option(
            names = "--features",
            required = true,
            split = ",",
            description = "Feature columns; text columns become categories.")
    List<String> features;

    @Option(names = "--label", required = true, description = "The 0/1 label column.")
    String label;

    @Option(names = "--model-out", required = true, description = "Folder to save the model in (replaced if present).")
    String modelOut;

    @Option(
            names = "--algo",
            defaultValue = "lr",
            description = "lr (logistic regression) or gbt (gradient-boosted trees) (default: ${DEFAULT-VALUE}).")
    String algo;

    @Option(names = "--crosses", description = "lr only: add every pairwise cross of the features.")
    boolean crosses;

    @Mixin
    InputFormatOption inputFormat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Progress progress = Progress.toStderr("train");
        ModelCard card = progress.stage(
                Stage.of("train", "training " + algo + " on " + data)
                        .with(Stage.INPUT, data)
                        .with(Stage.MODEL, modelOut),
                () -> new ModelTrainer(VeritySpark.session())
                        .train(new ModelTrainer.Config(
                                data, inputFormat.format, features, label, algo, crosses, modelOut)));
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "saved %s model to %s: %,d rows (%,d positive), features %s%s%n",
                        card.algo(),
                        modelOut,
                        card.rows(),
                        card.positives(),
                        card.features().stream()
                                .map(f -> f.name() + " (" + f.kind().id() + ")")
                                .toList(),
                        card.trainedFrom() == null
                                ? ""
                                : ", trained on " + card.trainedFrom() + " .. " + card.trainedTo());
        return 0;
    }
}
