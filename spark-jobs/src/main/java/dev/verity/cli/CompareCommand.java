package dev.verity.cli;

import dev.verity.jobs.BadInputException;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.store.canary.CanaryAnalysis;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compare a candidate version with a baseline version of a model that served different traffic in "
                + "the same windows (a canary): per slice and metric, the difference with its 95%% interval and "
                + "p-value (unpaired DeLong for AUC), the verdict, and the smallest difference the rows so far "
                + "could detect (80%% power).")
public final class CompareCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of(
            "window_start",
            "window_end",
            "slice",
            "metric",
            "baseline_value",
            "candidate_value",
            "delta",
            "ci_low",
            "ci_high",
            "p_value",
            "verdict",
            "min_detectable",
            "n_baseline",
            "n_candidate",
            "reason");

    @Mixin
    StoreReadOptions storeOptions;

    @Option(names = "--model", required = true, description = "The model, as named in the store.")
    String model;

    @Option(names = "--baseline", required = true, description = "The version serving most traffic.")
    String baseline;

    @Option(names = "--candidate", required = true, description = "The version under test (the canary).")
    String candidate;

    @Option(
            names = "--metric",
            split = ",",
            description = "Metrics to compare: auc, log_loss, brier, normalized_entropy "
                    + "(default: auc,log_loss,normalized_entropy).")
    List<String> metrics = CanaryAnalysis.DEFAULT_METRICS;

    @Option(
            names = "--window",
            paramLabel = "START",
            description = "The windows starting then (2026-11-01 or 2026-11-01T00:00:00Z); by default the latest "
                    + "window both versions have.")
    String window;

    @Override
    public Integer call() {
        for (String metric : metrics) {
            if (BinaryMetrics.standardErrorOf(metric).isEmpty()) {
                throw new BadInputException("--metric: '" + metric + "' cannot be compared ("
                        + String.join(", ", BinaryMetrics.COMPARABLE) + ")");
            }
        }
        if (baseline.equals(candidate)) {
            throw new BadInputException("--baseline and --candidate are both " + baseline);
        }
        List<CanaryAnalysis.Result> results;
        try {
            results = CanaryAnalysis.compare(
                    storeOptions.snapshot(),
                    model,
                    baseline,
                    candidate,
                    metrics,
                    Optional.ofNullable(window).map(CompareCommand::start));
        } catch (CanaryAnalysis.NothingToCompare e) {
            throw new BadInputException(e.getMessage());
        }
        TableOutput table = new TableOutput(COLUMNS);
        for (CanaryAnalysis.Result r : results) {
            UnpairedComparison c = r.comparison();
            table.add(
                    r.window().start().toInstant().toString(),
                    r.window().end().toInstant().toString(),
                    r.slice(),
                    r.metric(),
                    r.baselineValue(),
                    r.candidateValue(),
                    c == null ? null : c.delta(),
                    c == null ? null : c.ciLow(),
                    c == null ? null : c.ciHigh(),
                    c == null ? null : c.pValue(),
                    c == null ? "undefined" : c.verdict().name().toLowerCase(Locale.ROOT),
                    c == null ? null : c.minDetectable(),
                    r.nBaseline(),
                    r.nCandidate(),
                    r.reason());
        }
        storeOptions.output.print(table);
        return 0;
    }

    private static Instant start(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadInputException("--window: '" + text + "' is not a date or an instant");
            }
        }
    }
}
