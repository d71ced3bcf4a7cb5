package dev.verity.cli;

import dev.verity.jobs.LabelledInputs;
import dev.verity.jobs.Period;
import dev.verity.jobs.Progress;
import dev.verity.jobs.Stage;
import dev.verity.jobs.TimeRange;
import dev.verity.jobs.WindowSpec;
import dev.verity.jobs.demo.DemoData;
import dev.verity.jobs.demo.SwitchbackDemoData;
import dev.verity.jobs.estimate.EstimateJob;
import dev.verity.jobs.evaluate.MetricOptions;
import dev.verity.jobs.evaluate.SliceSpec;
import dev.verity.jobs.explain.ExplainJob;
import dev.verity.jobs.fairness.FairnessJob;
import dev.verity.jobs.slices.SlicesJob;
import dev.verity.jobs.switchback.SwitchbackJob;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.RowLoss;
import dev.verity.metrics.fairness.FairnessMeasure;
import dev.verity.metrics.slices.SliceSearch;
import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.Job;
import dev.verity.store.SliceRecord;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.StoreRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's diagnosis of the match model: the worst slices nobody named, its fairness per age
 * band, the estimate of the days whose labels are still delayed, and the feature shift behind BR's
 * decay; and the live matcher's switch-back test. Each is recorded in the store as its command
 * records it.
 */
final class DemoDiagnosis {
    private static final String COMMAND = "verity demo";
    private static final long SEVEN_DAYS = 7 * 86400L;
    private static final int TOP = 3;

    private final SparkSession spark;
    private final Progress progress;
    private final EvaluationStore store;
    private final DemoData.Files4 files;

    DemoDiagnosis(SparkSession spark, Progress progress, String store, DemoData.Files4 files) {
        this.spark = spark;
        this.progress = progress;
        this.store = new EvaluationStore(spark, store);
        this.files = files;
    }

    void slices(PrintWriter out) {
        List<String> columns = List.of("country", "platform", "age_band");
        SlicesJob.Result result = progress.stage(
                Stage.of("slices", "searching the combinations of country, platform and age_band for the worst slices"),
                () -> new SlicesJob(spark, Progress.toStderr("slices"))
                        .runInto(
                                store,
                                scope(Job.SLICES),
                                new SlicesJob.Config(
                                        logs(files.labels()),
                                        columns,
                                        3,
                                        null,
                                        5,
                                        RowLoss.LOG_LOSS,
                                        0.5,
                                        TOP,
                                        SliceSearch.DEFAULT_ALPHA,
                                        false,
                                        WindowSpec.parse(WindowSpec.ALL),
                                        TimeRange.ALL)));
        out.println();
        out.printf(
                "Worst slices found in the whole week (verity slices over %s, %,d combinations evaluated)%n",
                String.join(", ", columns), result.evaluated());
        TableOutput table = new TableOutput(
                List.of("version", "slice", "rows", "log loss", "the rest", "excess [95% interval]", "AUC", "AUC all"));
        for (SliceRecord r : result.slices()) {
            table.add(
                    r.modelVersion(),
                    r.slice(),
                    r.rows(),
                    r.value(),
                    r.restValue(),
                    String.format(Locale.ROOT, "%+.3f [%.3f, %.3f]", r.delta(), r.ciLow(), r.ciHigh()),
                    r.auc(),
                    r.aucAll());
        }
        table.print(OutputFormat.TABLE, out);
    }

    /**
     * The match model's rates per age band over the week and each band's gaps to the largest,
     * recorded as {@code verity fairness --store} records them; the significant gaps printed.
     */
    void fairness(PrintWriter out) {
        String attribute = "age_band";
        List<FairnessRecord> measured = progress.stage(
                Stage.of("fairness", "measuring the match model's rates and their gaps per age band"),
                () -> new FairnessJob(spark)
                        .runInto(
                                store,
                                new StoreRun.Scope(Job.FAIRNESS, null, COMMAND, predictions()),
                                new FairnessJob.Config(
                                        logs(files.labels()),
                                        List.of(attribute),
                                        MetricOptions.DEFAULT_THRESHOLD,
                                        Map.of(),
                                        WindowSpec.parse(WindowSpec.ALL),
                                        TimeRange.ALL)));
        List<FairnessRecord> gaps =
                measured.stream().filter(f -> f.significant() != null).toList();
        List<FairnessRecord> significant =
                gaps.stream().filter(FairnessRecord::significant).toList();
        out.println();
        out.printf(
                "Fairness by %s over the week (verity fairness, reference group the largest: %s): %d of %d gaps "
                        + "significant%n",
                attribute,
                measured.isEmpty() ? "-" : measured.get(0).referenceGroup(),
                significant.size(),
                gaps.size());
        // the headline gap of each group; the rest are in the store, the report and serve
        TableOutput table = new TableOutput(
                List.of("version", "group", "rows", "true positive rate gap [95% interval]", "significant"));
        for (FairnessRecord f : gaps) {
            if (f.measure().equals(FairnessMeasure.EQUAL_OPPORTUNITY_DIFFERENCE.id())) {
                table.add(
                        f.modelVersion(),
                        f.group(),
                        f.rows(),
                        String.format(Locale.ROOT, "%+.3f [%.3f, %.3f]", f.value(), f.ciLow(), f.ciHigh()),
                        f.significant() ? "yes" : "no");
            }
        }
        table.print(OutputFormat.TABLE, out);
    }

    /**
     * Estimates each day of two countries from the labels that had arrived by the week's end,
     * beside the AUC once all arrived: one whose traffic narrowed (a covariate shift, which the
     * estimate follows) and one whose score-label relation changed (which it cannot, and says so).
     */
    void estimate(PrintWriter out) {
        Period reference = new Period(DemoData.START, DemoData.SHIFT_START);
        EstimateJob.Result result = progress.stage(
                Stage.of("estimate", "estimating each day's quality from its calibrated scores"),
                () -> new EstimateJob(spark, Progress.toStderr("estimate"))
                        .runInto(
                                store,
                                scope(Job.ESTIMATE),
                                new EstimateJob.Config(
                                        logs(files.labelsSoFar()),
                                        reference,
                                        WindowSpec.parse("1d"),
                                        dev.verity.jobs.TimeRange.ALL,
                                        new SliceSpec(List.of("country"), List.of()),
                                        0.5)));
        Map<String, Double> finalAuc = new TreeMap<>();
        store.snapshot().metrics().stream()
                .filter(r -> r.model().equals(DemoData.MATCH_MODEL)
                        && r.modelVersion().equals("v1")
                        && r.metric().equals(BinaryMetrics.AUC)
                        && r.windowMillis() == Duration.ofDays(1).toMillis())
                .forEach(r -> finalAuc.put(r.slice() + "|" + r.windowStart(), r.value()));
        out.println();
        out.printf(
                "Estimated AUC of %s v1 while labels are delayed%n(calibrated on %s, labels as of %s)%n",
                DemoData.MATCH_MODEL, reference, DemoData.WEEK_END);
        estimates(
                out,
                result,
                finalAuc,
                DemoData.NARROWED_SLICE,
                "only mid-range users served from "
                        + DemoData.SHIFT_START.toString().substring(0, 10)
                        + ", a covariate shift: the estimate follows the fall");
        estimates(
                out,
                result,
                finalAuc,
                DemoData.SHIFTED_SLICE,
                "cellular sessions misread from "
                        + DemoData.SHIFT_START.toString().substring(0, 10)
                        + ", a change in how labels follow scores: the estimate cannot see it, the labels so far do");
        out.println(ResultText.wrapped(
                "",
                "The estimate assumes labels follow scores as in the reference period: it follows a shift in who "
                        + "is scored, not a change in how labels follow scores. Where the labels that arrived "
                        + "contradict it beyond a 99% interval, the day says RELATION CHANGED: the estimate no longer "
                        + "holds."));
    }

    private static void estimates(
            PrintWriter out, EstimateJob.Result result, Map<String, Double> finalAuc, String slice, String story) {
        out.println(ResultText.wrapped("", slice + " (" + story + ")"));
        TableOutput table = new TableOutput(List.of(
                "day",
                "labelled",
                "estimated",
                "95% interval",
                "realized so far",
                "once all arrived",
                "labels so far"));
        for (EstimateJob.Estimate e : result.estimates()) {
            if (e.version().version().equals("v1")
                    && e.slice().equals(slice)
                    && e.metric().equals(BinaryMetrics.AUC)) {
                table.add(
                        e.windowStart().toInstant().toString().substring(0, 10),
                        String.format(Locale.ROOT, "%.1f%%", 100.0 * e.labelled() / e.rows()),
                        e.estimated(),
                        String.format(Locale.ROOT, "[%.4f, %.4f]", e.ciLow(), e.ciHigh()),
                        e.realized(),
                        finalAuc.get(slice + "|" + e.windowStart()),
                        e.relationChanged() == null ? null : e.relationChanged() ? "RELATION CHANGED" : "agree");
            }
        }
        table.print(OutputFormat.TABLE, out);
    }

    /** Explains BR's loss change from the first three days to the last three. */
    void explain(PrintWriter out) {
        Period reference = new Period(DemoData.START, DemoData.SHIFT_START);
        Period window = new Period(DemoData.WEEK_END.minus(Duration.ofDays(3)), DemoData.WEEK_END);
        List<ExplanationRecord> ranked = progress.stage(
                Stage.of("explain", "explaining " + DemoData.SHIFTED_SLICE + "'s change by its feature shifts"),
                () -> new ExplainJob(spark, Progress.toStderr("explain"))
                        .runInto(
                                store,
                                scope(Job.EXPLAIN),
                                new ExplainJob.Config(
                                        logs(files.labels()),
                                        DemoData.MATCH_MODEL,
                                        reference,
                                        window,
                                        DemoData.SHIFTED_SLICE,
                                        null,
                                        RowLoss.LOG_LOSS,
                                        0.5,
                                        WindowSpec.parse("1d"),
                                        10)));
        out.println();
        out.printf(
                "What explains %s's change (verity explain)%n(%s against %s)%n",
                DemoData.SHIFTED_SLICE, window, reference);
        for (ExplanationRecord e : ranked.subList(0, Math.min(TOP, ranked.size()))) {
            out.printf(
                    Locale.ROOT,
                    "  %-10s reproduces %5.0f%% of log loss %.3f -> %.3f  (PSI %.3f, correlation %s)%n",
                    e.feature(),
                    e.share() == null ? Double.NaN : 100 * e.share(),
                    e.referenceValue(),
                    e.windowValue(),
                    e.psi(),
                    e.correlation() == null ? "-" : String.format(Locale.ROOT, "%.2f", e.correlation()));
        }
    }

    /**
     * The switch-back test of the live matcher, which alternated hourly between v1 and v2 for the
     * week, each hour's first ten minutes dropped; recorded as {@code verity switchback --store}
     * records it.
     */
    void switchback(PrintWriter out, SwitchbackDemoData.Inputs alternating) {
        SwitchbackJob.Result result = progress.stage(
                Stage.of("switchback", "judging the live matcher's v2 against v1 period by period"),
                () -> new SwitchbackJob(spark)
                        .runInto(
                                store,
                                new StoreRun.Scope(
                                        Job.SWITCHBACK,
                                        SwitchbackDemoData.MODEL,
                                        COMMAND,
                                        alternating.predictions().toString()),
                                new SwitchbackJob.Config(
                                        new LabelledInputs(
                                                alternating.predictions().toString(),
                                                alternating.labels().toString(),
                                                null,
                                                null,
                                                SEVEN_DAYS),
                                        SwitchbackDemoData.MODEL,
                                        SwitchbackDemoData.CONTROL,
                                        SwitchbackDemoData.TREATMENT,
                                        SwitchbackDemoData.PERIOD_SECONDS,
                                        SwitchbackDemoData.SETTLING_SECONDS,
                                        SwitchbackJob.Metric.OUTCOME_RATE,
                                        TimeRange.ALL)));
        SwitchbackRecord v = result.verdict();
        out.println();
        out.printf(
                "Switch-back test of %s, %s against %s alternating hourly (verity switchback, first %d minutes "
                        + "dropped)%n",
                v.model(), v.treatment(), v.control(), SwitchbackDemoData.SETTLING_SECONDS / 60);
        out.printf(
                Locale.ROOT,
                "  %d periods of %s and %d of %s; %,d burn-in rows dropped%n"
                        + "  match rate %.4f -> %.4f: effect %+.4f [%.4f, %.4f], p = %.2g, permutation p = %.2g "
                        + "(planted: %+.2f)%n",
                v.periodsControl(),
                v.control(),
                v.periodsTreatment(),
                v.treatment(),
                v.rowsDroppedBurnIn(),
                v.controlValue(),
                v.treatmentValue(),
                v.effect(),
                v.ciLow(),
                v.ciHigh(),
                v.pValue(),
                v.permutationPValue(),
                SwitchbackDemoData.PLANTED_EFFECT);
        if (v.warning() != null) {
            out.println("  warning: " + v.warning());
        }
    }

    private String predictions() {
        return files.predictions().toString();
    }

    /** The match model's predictions with {@code labels}, as the demo evaluates them. */
    private LabelledInputs logs(java.nio.file.Path labels) {
        return new LabelledInputs(predictions(), labels.toString(), null, null, SEVEN_DAYS);
    }

    /** The demo's run of {@code job} over the match model's predictions. */
    private StoreRun.Scope scope(Job job) {
        return new StoreRun.Scope(job, DemoData.MATCH_MODEL, COMMAND, predictions());
    }
}
