package dev.verity.store.canary;

import dev.verity.metrics.BinaryMetrics;
import dev.verity.metrics.MetricCatalog;
import dev.verity.metrics.UnpairedComparison;
import dev.verity.store.MetricRecord;
import dev.verity.store.Slices;
import dev.verity.store.StoreSnapshot;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A candidate version against a baseline version of one model that served different traffic in
 * the same windows (a canary), per slice and metric, from the store's metric rows alone: each
 * value has its standard error beside it ({@code auc_se}, {@code log_loss_se}, ...), so nothing
 * is recomputed from rows and no group has to fit one task.
 */
public final class CanaryAnalysis {
    /** The metrics compared unless told otherwise. */
    public static final List<String> DEFAULT_METRICS =
            List.of(BinaryMetrics.AUC, BinaryMetrics.LOG_LOSS, BinaryMetrics.NORMALIZED_ENTROPY);

    /**
     * A canary with fewer rows than this in a slice gets no verdict there: it gathers more first
     * (a handful of rows can look significantly better or worse by chance alone, and the interval
     * of an AUC on them is not to be trusted).
     */
    public static final long MIN_CANDIDATE_ROWS = 100;

    private CanaryAnalysis() {}

    /** What a comparison says of the candidate in one slice and metric, the same on every surface. */
    public enum Verdict {
        BETTER,
        WORSE,
        INDISTINGUISHABLE,
        /** Fewer than {@link #MIN_CANDIDATE_ROWS} candidate rows. */
        TOO_FEW_ROWS,
        /** A side has no value or no standard error. */
        UNDEFINED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Worse or better: what a person should look at. */
        public boolean notable() {
            return this == BETTER || this == WORSE;
        }
    }

    /**
     * The window a verdict is about, among the windows evaluated: the longest one reaching into
     * the newest (the most evidence that includes the newest rows). {@code compare} by default,
     * {@code advise}, the report and {@code serve} all judge this one.
     */
    public static Window verdictWindow(java.util.Collection<Window> windows) {
        Window newest = windows.stream().max(LATEST).orElseThrow();
        return windows.stream()
                .filter(w -> w.end().after(newest.start()))
                .max(Comparator.comparing(Window::length).thenComparing(Window::end))
                .orElseThrow();
    }

    /** Which slices get a verdict, for a person reading one. */
    public static final String MIN_ROWS_RULE =
            "a slice with fewer than " + MIN_CANDIDATE_ROWS + " candidate rows gets no verdict (too_few_rows)";

    /** How {@link #verdictWindow} chose, and {@link #MIN_ROWS_RULE}, for a person reading a verdict. */
    public static final String VERDICT_WINDOW_RULE = "the longest window both versions were evaluated in that reaches "
            + "into their newest (the window advise, the report and serve judge); " + MIN_ROWS_RULE;

    /** A window both versions were evaluated in. */
    public record Window(Timestamp start, Timestamp end) {
        long length() {
            return end.getTime() - start.getTime();
        }
    }

    /**
     * One slice and metric of the comparison; {@code comparison} is null, with {@code reason},
     * when a side has no value or no standard error there.
     */
    public record Result(
            String model,
            String baseline,
            String candidate,
            Window window,
            String slice,
            String metric,
            Double baselineValue,
            Double candidateValue,
            UnpairedComparison comparison,
            long nBaseline,
            long nCandidate,
            String reason) {
        public Verdict verdict() {
            if (comparison == null) {
                return Verdict.UNDEFINED;
            }
            if (nCandidate < MIN_CANDIDATE_ROWS) {
                return Verdict.TOO_FEW_ROWS;
            }
            return switch (comparison.verdict()) {
                case BETTER -> Verdict.BETTER;
                case WORSE -> Verdict.WORSE;
                case INDISTINGUISHABLE -> Verdict.INDISTINGUISHABLE;
            };
        }
    }

    /** What went wrong before any comparison: the message says what the store has instead. */
    public static final class NothingToCompare extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NothingToCompare(String message) {
            super(message);
        }
    }

    /**
     * @param windowStart the windows starting then; by default the {@link #verdictWindow} of the
     *                    windows both versions have
     */
    public static List<Result> compare(
            StoreSnapshot store,
            String model,
            String baseline,
            String candidate,
            List<String> metrics,
            Optional<Instant> windowStart) {
        for (String metric : metrics) {
            if (BinaryMetrics.standardErrorOf(metric).isEmpty()) {
                throw new IllegalArgumentException("'" + metric + "' cannot be compared across versions (one of "
                        + String.join(", ", BinaryMetrics.COMPARABLE) + ")");
            }
        }
        Map<String, Map<Window, Map<String, Map<String, MetricRecord>>>> byVersion =
                read(store, model, List.of(baseline, candidate), metrics).getOrDefault(model, Map.of());
        for (String version : List.of(baseline, candidate)) {
            if (!byVersion.containsKey(version)) {
                throw new NothingToCompare(store.root() + ": no " + String.join(", ", metrics) + " of " + model
                        + " version " + version + " (evaluate it as a binary model first)");
            }
        }
        List<Window> shared = byVersion.get(baseline).keySet().stream()
                .filter(byVersion.get(candidate)::containsKey)
                .filter(w -> windowStart.isEmpty() || w.start().toInstant().equals(windowStart.get()))
                .sorted(LATEST)
                .toList();
        if (shared.isEmpty()) {
            throw new NothingToCompare(model + " versions " + baseline + " and " + candidate + " share no window"
                    + windowStart.map(s -> " starting " + s).orElse("") + " in " + store.root());
        }
        List<Result> out = new ArrayList<>();
        for (Window window : windowStart.isPresent() ? shared : List.of(verdictWindow(shared))) {
            out.addAll(compareIn(new Pairing(model, baseline, candidate, window), byVersion, metrics));
        }
        return out;
    }

    /** Windows oldest first: by end, then the longest last. */
    private static final Comparator<Window> LATEST =
            Comparator.comparing(Window::end).thenComparing(Window::length);

    /** A version is a canary when it served at most this share of its model's rows in the window. */
    public static final double CANARY_MAX_SHARE = 0.25;

    /**
     * The canaries live now: for each model whose {@link #verdictWindow} several versions served, each version with at most {@link #CANARY_MAX_SHARE} of the
     * window's rows against the version with the most, on {@link #DEFAULT_METRICS}. (Versions
     * splitting the traffic more evenly are an A/B test; {@code verity compare} compares any two.)
     * This is what serve, the report and advise show.
     */
    public static List<Result> live(StoreSnapshot store) {
        List<Result> out = new ArrayList<>();
        read(store, null, null, DEFAULT_METRICS).forEach((model, byVersion) -> {
            Window latest = verdictWindow(byVersion.values().stream()
                    .flatMap(w -> w.keySet().stream())
                    .collect(java.util.stream.Collectors.toSet()));
            List<String> versions = byVersion.entrySet().stream()
                    .filter(v -> v.getValue().containsKey(latest))
                    .map(Map.Entry::getKey)
                    .sorted(Comparator.comparingLong(
                                    (String v) -> -rows(byVersion.get(v).get(latest)))
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
            long total = versions.stream()
                    .mapToLong(v -> rows(byVersion.get(v).get(latest)))
                    .sum();
            for (String candidate : versions.subList(Math.min(1, versions.size()), versions.size())) {
                if (rows(byVersion.get(candidate).get(latest)) <= CANARY_MAX_SHARE * total) {
                    out.addAll(compareIn(
                            new Pairing(model, versions.get(0), candidate, latest), byVersion, DEFAULT_METRICS));
                }
            }
        });
        return out;
    }

    /** The rows behind a window's all-traffic value (any compared metric's). */
    private static long rows(Map<String, Map<String, MetricRecord>> window) {
        return window.getOrDefault(Slices.ALL, Map.of()).values().stream()
                .mapToLong(r -> r.n())
                .max()
                .orElse(0);
    }

    /** model -> version -> window -> slice -> metric -> row, of {@code metrics} and their standard errors. */
    private static Map<String, Map<String, Map<Window, Map<String, Map<String, MetricRecord>>>>> read(
            StoreSnapshot store, String model, List<String> versions, List<String> metrics) {
        Set<String> wanted = new LinkedHashSet<>(metrics);
        metrics.forEach(m -> wanted.add(BinaryMetrics.standardErrorOf(m).orElseThrow()));
        Map<String, Map<String, Map<Window, Map<String, Map<String, MetricRecord>>>>> out = new TreeMap<>();
        for (MetricRecord r : store.metrics()) {
            if (!wanted.contains(r.metric())
                    || (model != null && !(model.equals(r.model()) && versions.contains(r.modelVersion())))) {
                continue;
            }
            out.computeIfAbsent(r.model(), m -> new TreeMap<>())
                    .computeIfAbsent(r.modelVersion(), v -> new HashMap<>())
                    .computeIfAbsent(new Window(r.windowStart(), r.windowEnd()), w -> new TreeMap<>())
                    .computeIfAbsent(r.slice(), s -> new HashMap<>())
                    .put(r.metric(), r);
        }
        return out;
    }

    /** The two versions of a model compared, and the window they are compared in. */
    private record Pairing(String model, String baseline, String candidate, Window window) {}

    private static List<Result> compareIn(
            Pairing pairing,
            Map<String, Map<Window, Map<String, Map<String, MetricRecord>>>> byVersion,
            List<String> metrics) {
        Map<String, Map<String, MetricRecord>> a =
                byVersion.get(pairing.baseline()).get(pairing.window());
        Map<String, Map<String, MetricRecord>> b =
                byVersion.get(pairing.candidate()).get(pairing.window());
        List<Result> out = new ArrayList<>();
        for (String slice : a.keySet()) {
            if (!b.containsKey(slice)) {
                continue; // a slice only one version served is no comparison
            }
            for (String metric : metrics) {
                out.add(result(pairing, slice, metric, a.get(slice), b.get(slice)));
            }
        }
        return out;
    }

    private static Result result(
            Pairing pairing, String slice, String metric, Map<String, MetricRecord> a, Map<String, MetricRecord> b) {
        String se = BinaryMetrics.standardErrorOf(metric).orElseThrow();
        Double baselineValue = MetricRecord.valueOf(a.get(metric));
        Double candidateValue = MetricRecord.valueOf(b.get(metric));
        long nBaseline = a.containsKey(metric) ? a.get(metric).n() : 0;
        long nCandidate = b.containsKey(metric) ? b.get(metric).n() : 0;
        String missing = missing("baseline", metric, a, se) + missing("candidate", metric, b, se);
        UnpairedComparison c = missing.isEmpty()
                ? UnpairedComparison.of(
                        baselineValue,
                        MetricRecord.valueOf(a.get(se)),
                        candidateValue,
                        MetricRecord.valueOf(b.get(se)),
                        MetricCatalog.higherIsBetter(metric))
                : null;
        return new Result(
                pairing.model(),
                pairing.baseline(),
                pairing.candidate(),
                pairing.window(),
                slice,
                metric,
                baselineValue,
                candidateValue,
                c,
                nBaseline,
                nCandidate,
                missing.isEmpty() ? null : missing.substring(2));
    }

    /** "; side: what is undefined (why)" for each of the value and its standard error that has none. */
    private static String missing(String side, String metric, Map<String, MetricRecord> rows, String se) {
        StringBuilder why = new StringBuilder();
        for (String name : List.of(metric, se)) {
            MetricRecord r = rows.get(name);
            if (MetricRecord.valueOf(r) == null) {
                why.append("; ").append(side).append(' ').append(name).append(" undefined");
                if (r != null && r.reason() != null) {
                    why.append(" (").append(r.reason()).append(')');
                }
            }
        }
        return why.toString();
    }
}
