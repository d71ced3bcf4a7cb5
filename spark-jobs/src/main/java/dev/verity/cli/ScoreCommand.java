package dev.verity.cli;

import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.io.InputReader;
import dev.verity.jobs.io.OutputWriter;
import dev.verity.jobs.replay.SavedModel;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description =
                "Write the input with the model's probability of the positive class as column score (replacing any old one).")
public final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A model saved by verity train.")
    String model;

    @Option(names = "--input", required = true, description = "Rows to score: Delta, Parquet, CSV or JSON lines.")
    String input;

    @Option(names = "--out", required = true, description = "Output path (.csv, .json, .parquet, else Delta).")
    String out;

    @Mixin
    InputFormatOption inputFormat;

    @Override
    public Integer call() {
        Progress progress = Progress.toStderr("score");
        SparkSession spark = VeritySpark.session();
        SavedModel saved = SavedModel.load(model);
        progress.stage(
                Stage.of("score", "scoring " + input + " into " + out)
                        .with(Stage.INPUT, input)
                        .with(Stage.OUTPUT, out)
                        .with(Stage.MODEL, model),
                () -> OutputWriter.write(
                        saved.score(
                                InputReader.wellFormed(new InputReader(spark).read(input, inputFormat.format), input),
                                input,
                                "score"),
                        out));
        return 0;
    }
}
