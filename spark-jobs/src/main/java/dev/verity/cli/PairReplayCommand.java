package dev.verity.cli;

import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.pairs.PairReplayJob;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "pair-replay",
        mixinStandardHelpOptions = true,
        description =
                "Re-score logged matching rounds with the blocked pair scorer and compare with the pair scores served live.")
public final class PairReplayCommand implements Callable<Integer> {

    @Option(
            names = "--rounds",
            required = true,
            description = "Served pairs: round_id, user_id, peer_id, score[, matched, duration_s].")
    String rounds;

    @Option(names = "--embeddings", required = true, description = "Pool snapshots: round_id, user_id, v0..v{d-1}.")
    String embeddings;

    @Option(
            names = "--top-k",
            defaultValue = "10",
            description = "K of the per-user top-K agreement (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--block-size", defaultValue = "512", description = "Users per block (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Mixin
    ToleranceOption tolerance;

    @Option(
            names = "--long-match",
            defaultValue = "600",
            description = "Seconds a match must last to count as long (default: ${DEFAULT-VALUE}).")
    double longMatchSeconds;

    @Option(names = "--store", description = "Evaluation store to append the results to.")
    String store;

    /** table: the summary for people; csv, json, jsonl: only the mismatching pairs. */
    @Mixin
    OutputOption output;

    @Mixin
    InputFormatOption inputFormat;

    @Mixin
    FailOnOption failOn;

    @Override
    public Integer call() {
        PairReplayJob.Report report = new PairReplayJob(VeritySpark.session(), Progress.toStderr("pair-replay"))
                .run(new PairReplayJob.Config(
                        rounds,
                        embeddings,
                        inputFormat.format,
                        topK,
                        blockSize,
                        tolerance.value,
                        longMatchSeconds,
                        store,
                        output.commandLine()));
        if (output.format == OutputFormat.TABLE) {
            ResultText.pairReplay(report, topK, longMatchSeconds, output.out());
        } else {
            output.print(ResultText.pairMismatches(report));
        }
        return failOn.exitCode(
                report.mismatched().isEmpty() ? EnumSet.noneOf(FailOn.class) : EnumSet.of(FailOn.MISMATCH));
    }
}
