package dev.verity.cli;

import dev.verity.jobs.evaluate.RunAccounting;
import dev.verity.jobs.pairs.PairReplayJob;
import dev.verity.jobs.replay.ReplayJob;
import dev.verity.metrics.PairedAuc;
import dev.verity.store.ReplayComparison;
import dev.verity.store.advise.RetrainAdvice;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the jobs' results read: the prose and tables for people ({@code --format table}) and the
 * tables the other formats print, shared by each result's command and the demo.
 */
final class ResultText {
    /** How many rows of a long list a person is shown before a count of the rest. */
    static final int TOP = 10;

    private ResultText() {}

    static void advice(RetrainAdvice.Advice advice, PrintWriter out) {
        out.printf(
                "%s %s: %s%n",
                advice.model(),
                advice.version() == null ? "" : advice.version(),
                advice.action().label().toUpperCase(java.util.Locale.ROOT).replace('_', ' '));
        out.println(wrapped("why: ", advice.why()));
        advice.evidence().forEach(e -> out.println(wrapped("  - ", e)));
    }

    static TableOutput replayMismatches(ReplayJob.Report report) {
        TableOutput table = new TableOutput(List.of("prediction_id", "live_score", "replay_score", "difference"));
        report.mismatched().forEach(m -> table.add(m.predictionId(), m.live(), m.replay(), m.difference()));
        return table;
    }

    /** The comparisons with the replay table's columns, the model (the one replayed) left out. */
    static TableOutput replayComparisons(ReplayJob.Report report) {
        List<String> columns = ReplayComparison.COLUMNS.subList(1, ReplayComparison.COLUMNS.size());
        TableOutput table = new TableOutput(columns);
        report.comparisons()
                .forEach(
                        c -> table.add(c.values().subList(1, columns.size() + 1).toArray()));
        return table;
    }

    static void replay(ReplayJob.Report report, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%,d rows replayed: %,d mismatches (|replayed - live| beyond the tolerance or no live score)%n",
                report.rows(),
                report.mismatches());
        if (report.maxAbsDifference() != null) {
            out.printf(
                    Locale.ROOT,
                    "largest difference %.3g, mean %.3g%n",
                    report.maxAbsDifference(),
                    report.meanAbsDifference());
        }
        out.println();
        out.println("Differences replayed - live");
        TableOutput buckets = new TableOutput(List.of("|difference|", "rows"));
        report.differenceBuckets().forEach(buckets::add);
        buckets.print(OutputFormat.TABLE, out);
        if (!report.differenceQuantiles().isEmpty()) {
            TableOutput quantiles =
                    new TableOutput(new ArrayList<>(report.differenceQuantiles().keySet()));
            quantiles.add(report.differenceQuantiles().values().toArray());
            quantiles.print(OutputFormat.TABLE, out);
        }
        if (!report.mismatched().isEmpty()) {
            out.println();
            out.println("Mismatched rows, largest difference first");
            replayMismatches(report).printTop(OutputFormat.TABLE, out, TOP, "replay --format csv lists them all");
        }
        if (!report.associations().isEmpty()) {
            out.println();
            out.println("Features most associated with mismatches (mismatched rows' values against the others')");
            TableOutput table = new TableOutput(List.of("feature", "kind", "test", "statistic", "p_value"));
            report.associations()
                    .forEach(a -> table.add(
                            a.feature(),
                            a.kind(),
                            a.method(),
                            a.statistic(),
                            a.pValue() == null ? a.reason() : a.pValue()));
            table.print(OutputFormat.TABLE, out);
        }
        if (!report.comparisons().isEmpty()) {
            out.println();
            out.printf(
                    Locale.ROOT,
                    "Metrics on %,d labelled rows (%,d invalid labels ignored); AUC delta with its paired 95%% DeLong interval%n",
                    report.labelled(),
                    report.labelsInvalid());
            comparisonsForPeople(report.comparisons(), out);
        }
    }

    /**
     * The comparisons of each pair of sides (live and replay, champion and challenger) as a table
     * of their own, the delta and its interval in one column: what fits a person's terminal.
     */
    private static void comparisonsForPeople(List<ReplayComparison> comparisons, PrintWriter out) {
        comparisons.stream()
                .map(c -> c.baseline() + " vs " + c.candidate())
                .distinct()
                .forEach(sides -> {
                    out.println(sides);
                    TableOutput table = new TableOutput(List.of(
                            "slice",
                            "metric",
                            "baseline",
                            "candidate",
                            "delta",
                            "95% interval",
                            "p-value",
                            "verdict",
                            "rows"));
                    comparisons.stream()
                            .filter(c -> sides.equals(c.baseline() + " vs " + c.candidate()))
                            .forEach(c -> table.add(
                                    c.slice(),
                                    c.metric(),
                                    c.baselineValue(),
                                    c.candidateValue(),
                                    c.delta(),
                                    c.ciLow() == null
                                            ? null
                                            : String.format(Locale.ROOT, "[%+.4f, %+.4f]", c.ciLow(), c.ciHigh()),
                                    c.pValue(),
                                    c.verdict(),
                                    c.n()));
                    table.print(OutputFormat.TABLE, out);
                });
    }

    static TableOutput pairMismatches(PairReplayJob.Report report) {
        TableOutput table = new TableOutput(List.of("round_id", "user_id", "peer_id", "live_score", "replay_score"));
        report.mismatched().forEach(p -> table.add(p.round(), p.user(), p.peer(), p.live(), p.replay()));
        return table;
    }

    static void pairReplay(PairReplayJob.Report report, int topK, double longMatchSeconds, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%d rounds, %,d served pairs replayed: %,d mismatches%n",
                report.rounds(),
                report.pairs(),
                report.mismatched().size());
        out.printf(
                Locale.ROOT,
                "top-%d agreement over %,d users: mean overlap %.4f, mean Kendall tau-b %s%n",
                topK,
                report.users(),
                report.meanOverlap(),
                report.meanKendallTau() == null ? "-" : String.format(Locale.ROOT, "%.4f", report.meanKendallTau()));
        PairedAuc.Comparison auc = report.longMatchAuc();
        if (auc != null) {
            out.println();
            out.printf(
                    Locale.ROOT,
                    "Predicting a long match (>= %.0f s) on %,d pairs with outcomes%n",
                    longMatchSeconds,
                    auc.positives() + auc.negatives());
            new TableOutput(List.of("live AUC", "replay AUC", "delta", "95% interval", "p-value", "verdict"))
                    .add(
                            auc.aucA(),
                            auc.aucB(),
                            auc.delta(),
                            auc.ciLow() == null
                                    ? "-"
                                    : String.format(Locale.ROOT, "[%.4f, %.4f]", auc.ciLow(), auc.ciHigh()),
                            auc.pValue(),
                            auc.verdict() == null
                                    ? auc.reason()
                                    : auc.verdict().name().toLowerCase(Locale.ROOT))
                    .print(OutputFormat.TABLE, out);
        }
        if (!report.mismatched().isEmpty()) {
            out.println();
            out.println("Mismatching pairs");
            pairMismatches(report).printTop(OutputFormat.TABLE, out, TOP, "pair-replay --format csv lists them all");
        }
    }

    static String evaluation(RunAccounting a) {
        return String.format(
                Locale.ROOT,
                "evaluated %,d predictions into %,d metric rows%n"
                        + "predictions: %,d read = %,d evaluated + %,d unlabeled + %,d duplicates + %,d quarantined%n"
                        + "labels:      %,d read = %,d used + %,d superseded + %,d late + %,d invalid + %,d orphan"
                        + "%s + %,d quarantined%s",
                a.evaluated(),
                a.metricRows(),
                a.predictionsRead(),
                a.evaluated(),
                a.unlabeled(),
                a.duplicatePredictions(),
                a.predictionsQuarantined(),
                a.labelsRead(),
                a.labelsUsed(),
                a.supersededLabels(),
                a.lateLabels(),
                a.invalidLabels(),
                a.orphanLabels(),
                a.labelsOutsideRange() == 0
                        ? ""
                        : String.format(
                                Locale.ROOT, " + %,d for predictions outside the range", a.labelsOutsideRange()),
                a.labelsQuarantined(),
                a.quarantinedByReason().isEmpty()
                        ? ""
                        : "\n"
                                + wrapped(
                                        "quarantined by reason: ",
                                        new java.util.TreeMap<>(a.quarantinedByReason()).toString()));
    }

    /**
     * {@code text} after {@code prefix}, wrapped at spaces to {@link TableOutput#MAX_WIDTH} with the
     * following lines indented under the first one's text.
     */
    static String wrapped(String prefix, String text) {
        String indent = " ".repeat(prefix.length());
        List<String> lines = TableOutput.wrap(text, TableOutput.MAX_WIDTH - prefix.length());
        StringBuilder out = new StringBuilder(prefix).append(lines.get(0));
        lines.subList(1, lines.size())
                .forEach(l -> out.append('\n').append(indent).append(l));
        return out.toString();
    }
}
