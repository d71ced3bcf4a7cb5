package dev.verity.cli;

import dev.verity.jobs.Period;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.store.BadInputException;
import dev.verity.store.Columns;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.canary.CanaryAnalysis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
            names = "--period",
            paramLabel = "START/END",
            converter = Converters.PeriodText.class,
            description = "Judge the evaluated window with this span (2026-11-24/2026-12-01, UTC days, or two "
                    + "instants); by default the longest window both versions have that reaches into their newest, "
                    + "the window advise, the report and serve judge.")
    Period period;

    /** The old {@code --window START}: the windows starting then. */
    private Instant windowStart;

    @Option(names = "--window", hidden = true)
    void window(String start) {
        RenamedOption.warn(spec, "--window START", "--period START/END");
        windowStart = RenamedOption.convert(spec, "--window", new Converters.InstantText(), start);
    }

    @Spec
    CommandSpec spec;

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
        StoreSnapshot store = storeOptions.snapshot();
        List<NamedValues> rows =
                store.metrics().stream().map(MetricRecord::named).toList();
        KnownValues.require(storeOptions.store, "model", model, KnownValues.in(rows, Columns.MODEL, null));
        Set<String> versions = KnownValues.in(rows, Columns.MODEL_VERSION, model);
        KnownValues.require(storeOptions.store, "version of " + model, baseline, versions);
        KnownValues.require(storeOptions.store, "version of " + model, candidate, versions);
        List<CanaryAnalysis.Result> results;
        try {
            results = CanaryAnalysis.compare(
                    store,
                    model,
                    baseline,
                    candidate,
                    metrics,
                    Optional.ofNullable(period).map(Period::start).or(() -> Optional.ofNullable(windowStart)));
        } catch (CanaryAnalysis.NothingToCompare e) {
            throw new BadInputException(e.getMessage());
        }
        if (period != null) {
            results = results.stream()
                    .filter(r -> r.window().end().toInstant().equals(period.end()))
                    .toList();
            if (results.isEmpty()) {
                throw new BadInputException(storeOptions.store + ": " + model + " versions " + baseline + " and "
                        + candidate + " share no window " + period);
            }
        }
        if (!results.isEmpty()) {
            CanaryAnalysis.Window judged = results.get(0).window();
            storeOptions.output.note("judged " + judged.start().toInstant() + " to "
                    + judged.end().toInstant()
                    + ": "
                    + (period == null && windowStart == null
                            ? CanaryAnalysis.VERDICT_WINDOW_RULE
                            : "the window asked for; " + CanaryAnalysis.MIN_ROWS_RULE));
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
                    r.verdict().label(),
                    c == null ? null : c.minDetectable(),
                    r.nBaseline(),
                    r.nCandidate(),
                    r.reason());
        }
        storeOptions.output.print(table);
        return 0;
    }
}
