package dev.verity.cli;

import dev.verity.jobs.Progress;
import dev.verity.jobs.VeritySpark;
import dev.verity.jobs.pairs.PairReplayJob;
import dev.verity.metrics.PairedAuc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "pair-replay", mixinStandardHelpOptions = true,
        description = "Re-score logged matching rounds with the blocked pair scorer and compare with the pair scores served live.")
public final class PairReplayCommand implements Callable<Integer> {

    @Option(names = "--rounds", required = true, description = "Served pairs: round_id, user_id, peer_id, score[, matched, duration_s].")
    String rounds;

    @Option(names = "--embeddings", required = true, description = "Pool snapshots: round_id, user_id, v0..v{d-1}.")
    String embeddings;

    @Option(names = "--top-k", defaultValue = "10", description = "K of the per-user top-K agreement (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--block-size", defaultValue = "512", description = "Users per block (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--tolerance", defaultValue = "1e-9", description = "Largest |replayed - live| that still agrees (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--long-match", defaultValue = "600", description = "Seconds a match must last to count as long (default: ${DEFAULT-VALUE}).")
    double longMatchSeconds;

    @Option(names = "--store", description = "Evaluation store to append the results to.")
    String store;

    @Option(names = "--format", defaultValue = "table", description = "table or csv: csv prints only the mismatching pairs (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--input-format", description = "Format of both inputs when the names do not tell.")
    String inputFormat;

    @Override
    public Integer call() {
        if (!List.of("table", "csv").contains(format)) {
            throw new dev.verity.jobs.BadInputException("--format: '" + format + "' is not one of table, csv");
        }
        PairReplayJob.Report report = new PairReplayJob(VeritySpark.session(), Progress.toStderr("pair-replay")).run(
                new PairReplayJob.Config(rounds, embeddings, inputFormat, topK, blockSize, tolerance, longMatchSeconds, store));
        if (format.equals("csv")) {
            mismatchTable(report).print("csv", System.out);
            return 0;
        }
        printForPeople(report, topK, longMatchSeconds, System.out);
        return 0;
    }

    private static TableOutput mismatchTable(PairReplayJob.Report report) {
        TableOutput table = new TableOutput(List.of("round_id", "user_id", "peer_id", "live_score", "replay_score"));
        report.mismatched().forEach(p -> table.add(p.round(), p.user(), p.peer(), p.live(), p.replay()));
        return table;
    }

    static void printForPeople(PairReplayJob.Report report, int topK, double longMatchSeconds, PrintStream out) {
        out.printf(Locale.ROOT, "%d rounds, %,d served pairs replayed: %,d mismatches%n", report.rounds(), report.pairs(),
                report.mismatched().size());
        out.printf(Locale.ROOT, "top-%d agreement over %,d users: mean overlap %.4f, mean Kendall tau-b %s%n", topK,
                report.users(), report.meanOverlap(), report.meanKendallTau() == null ? "-" : String.format(Locale.ROOT, "%.4f", report.meanKendallTau()));
        PairedAuc.Comparison auc = report.longMatchAuc();
        if (auc != null) {
            out.println();
            out.printf(Locale.ROOT, "Predicting a long match (>= %.0f s) on %,d pairs with outcomes%n", longMatchSeconds,
                    auc.positives() + auc.negatives());
            new TableOutput(List.of("live AUC", "replay AUC", "delta", "95% interval", "p-value", "verdict"))
                    .add(auc.aucA(), auc.aucB(), auc.delta(), auc.ciLow() == null ? "-"
                                    : String.format(Locale.ROOT, "[%.4f, %.4f]", auc.ciLow(), auc.ciHigh()), auc.pValue(),
                            auc.verdict() == null ? auc.reason() : auc.verdict().name().toLowerCase(Locale.ROOT))
                    .print("table", out);
        }
        if (!report.mismatched().isEmpty()) {
            out.println();
            out.println("Mismatching pairs");
            mismatchTable(report).print("table", out);
        }
    }
}
