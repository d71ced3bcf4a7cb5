package dev.verity.cli;

import dev.verity.metrics.anomaly.SeasonalBaseline;
import dev.verity.store.BadInputException;
import dev.verity.store.Columns;
import dev.verity.store.MetricRecord;
import dev.verity.store.NamedValues;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.anomaly.Anomalies;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "anomalies",
        mixinStandardHelpOptions = true,
        description = "Judge every final window of every series (model, version, slice, metric; the row count and "
                + "label coverage too) against its own seasonal history: the median and MAD of the earlier windows "
                + "of its hour of the week, hour of the day or weekday, a band that adds the window's own standard "
                + "error, and Benjamini-Hochberg q-values across all windows judged. Reads the store by Delta "
                + "Kernel: no Spark.")
public final class AnomaliesCommand implements Callable<Integer> {
    static final String EXPECTED = "expected";
    static final String LOW = "low";
    static final String HIGH = "high";
    static final String P_VALUE = "p_value";
    static final String Q_VALUE = "q_value";
    static final String ANOMALOUS = "anomalous";
    static final String SEASON = "season";

    static final List<String> COLUMNS = List.of(
            Columns.MODEL,
            Columns.MODEL_VERSION,
            Columns.WINDOW_START,
            Columns.WINDOW_END,
            Columns.SLICE,
            Columns.METRIC,
            Columns.VALUE,
            EXPECTED,
            LOW,
            HIGH,
            P_VALUE,
            Q_VALUE,
            ANOMALOUS,
            SEASON);

    @Mixin
    StoreReadOptions storeOptions;

    @Mixin
    FailOnOption failOn;

    @Option(names = "--model", description = "Only this model's windows (the q-values stay those of the whole store).")
    String model;

    @Option(
            names = "--metric",
            split = ",",
            description = "Only these metrics (rows for the row count, labelled_share for the label coverage); a "
                    + "metric not judged by default (such as positive_rate) joins the judged family.")
    List<String> metrics = List.of();

    @Option(
            names = "--fdr",
            defaultValue = "0.05",
            description = "The false discovery rate: a window is anomalous when its q-value is at most this "
                    + "(default: ${DEFAULT-VALUE}).")
    double fdr;

    @Option(names = "--only-anomalous", description = "Print the anomalous windows alone.")
    boolean onlyAnomalous;

    @Override
    public Integer call() {
        if (!(fdr > 0 && fdr < 1)) {
            throw new BadInputException("fdr", fdr + " is not a rate in (0, 1), such as 0.05");
        }
        StoreSnapshot store = storeOptions.snapshot();
        List<NamedValues> rows =
                store.metrics().stream().map(MetricRecord::named).toList();
        KnownValues.require(storeOptions.store, "model", model, KnownValues.in(rows, Columns.MODEL, null));
        Set<String> known = new TreeSet<>(KnownValues.in(rows, Columns.METRIC, model));
        known.add(Anomalies.ROWS);
        metrics.forEach(m -> KnownValues.require(storeOptions.store, "metric", m, known));
        List<Anomalies.Judgement> all = Anomalies.judge(store, metrics, fdr);
        List<Anomalies.Judgement> judged = all.stream()
                .filter(Anomalies.Judgement::hasVerdict)
                .filter(j -> model == null || model.equals(j.window().model()))
                .filter(j -> metrics.isEmpty() || metrics.contains(j.window().metric()))
                .toList();
        if (judged.isEmpty()) {
            throw new BadInputException(storeOptions.store + ": no window could be judged: " + nothingJudged(all));
        }
        storeOptions.output.note(judged.size() + " windows judged, "
                + judged.stream().filter(Anomalies.Judgement::anomalous).count() + " anomalous at a false "
                + "discovery rate of " + fdr);
        storeOptions.output.print(TableOutput.ofNamed(
                COLUMNS,
                judged.stream()
                        .filter(j -> !onlyAnomalous || j.anomalous())
                        .sorted(ORDER)
                        .map(AnomaliesCommand::named)
                        .toList()));
        return failOn.exitCode(
                judged.stream().anyMatch(Anomalies.Judgement::anomalous) ? Set.of(FailOn.ANOMALY) : Set.of());
    }

    /** Why nothing was judged: no final window at all, or series too short for a verdict. */
    private static String nothingJudged(List<Anomalies.Judgement> all) {
        if (all.isEmpty()) {
            return "it holds no final window of the metrics asked for";
        }
        return "every series needs at least " + SeasonalBaseline.MIN_HISTORY
                + " earlier final windows of its season (its weekday, hour of the day or hour of the week when "
                + "its history spans " + (SeasonalBaseline.MIN_HISTORY + 1) + " such cycles), and the "
                + all.size() + " final windows here have too few";
    }

    private static NamedValues named(Anomalies.Judgement j) {
        return j.window()
                .named()
                .put(EXPECTED, j.expected())
                .put(LOW, j.low())
                .put(HIGH, j.high())
                .put(P_VALUE, j.pValue())
                .put(Q_VALUE, j.qValue())
                .put(ANOMALOUS, j.anomalous())
                .put(SEASON, j.season().id());
    }

    private static final Comparator<Anomalies.Judgement> ORDER = Comparator.comparing(
                    (Anomalies.Judgement j) -> j.window().model())
            .thenComparing(j -> j.window().modelVersion())
            .thenComparing(j -> j.window().slice())
            .thenComparing(j -> j.window().metric())
            .thenComparing(j -> j.window().windowStart());
}
