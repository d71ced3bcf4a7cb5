package dev.verity.store.advise;

import dev.verity.store.ExplanationRecord;
import dev.verity.store.FairnessRecord;
import dev.verity.store.SwitchbackRecord;
import dev.verity.store.anomaly.Anomalies;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether to retrain a model, from three kinds of evidence: its quality over its evaluated
 * windows (with intervals, so that noise is not called decay), the features that drifted in
 * the latest drift run, and how a challenger replayed on recent traffic compares; and whether
 * to roll back a live canary that is significantly worse than its baseline version.
 */
public final class RetrainAdvice {

    public enum Action {
        ROLLBACK,
        RETRAIN,
        WATCH,
        NO_ACTION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One evaluated window of the model's primary metric on all traffic; the interval may be null. */
    public record WindowValue(String start, double value, Double ciLow, Double ciHigh, long n) {}

    /** The champion-versus-challenger AUC comparison of the latest replay, on all traffic. */
    public record Challenger(String name, double delta, Double ciLow, Double ciHigh, String verdict) {}

    /** A live canary significantly worse than its baseline on the primary metric of a slice with enough rows. */
    public record WorseCanary(
            String candidate,
            String baseline,
            String slice,
            String metric,
            double delta,
            double ciLow,
            double ciHigh,
            long candidateRows) {}

    /** @param qualityDropped the primary metric decayed beyond its interval since the first window */
    public record Advice(
            String model, String version, Action action, String why, List<String> evidence, boolean qualityDropped) {
        /** The same advice with {@code lines} added to its evidence. */
        Advice citing(List<String> lines) {
            List<String> more = new ArrayList<>(evidence);
            more.addAll(lines);
            return new Advice(model, version, action, why, more, qualityDropped);
        }
    }

    /**
     * @param version the model version judged (its latest), null when the store has none
     * @param metric the primary metric's name (auc, ndcg@10, rmse...)
     * @param higherIsBetter false for error metrics (rmse, mae, log_loss)
     * @param windows oldest first
     */
    public static Advice advise(
            String model,
            String version,
            String metric,
            boolean higherIsBetter,
            List<WindowValue> windows,
            List<String> driftedFeatures,
            int featuresTested,
            Challenger challenger) {
        List<String> evidence = new ArrayList<>();
        Decay decay = decay(metric, higherIsBetter, windows, evidence);
        if (featuresTested == 0) {
            evidence.add("drift: no drift results for this model in the store");
        } else if (driftedFeatures.isEmpty()) {
            evidence.add(String.format(
                    Locale.ROOT, "drift: none of %d features drifted in the latest drift run", featuresTested));
        } else {
            evidence.add(String.format(
                    Locale.ROOT,
                    "drift: %d of %d features drifted in the latest drift run: %s",
                    driftedFeatures.size(),
                    featuresTested,
                    String.join(", ", driftedFeatures)));
        }
        if (challenger == null) {
            evidence.add("challenger: none replayed");
        } else {
            evidence.add(String.format(
                    Locale.ROOT,
                    "challenger %s: AUC %+.4f%s on replayed traffic, %s",
                    challenger.name(),
                    challenger.delta(),
                    interval(challenger.ciLow(), challenger.ciHigh()),
                    challenger.verdict()));
        }
        boolean challengerBetter = challenger != null && "better".equals(challenger.verdict());
        if (decay == Decay.SIGNIFICANT) {
            return new Advice(
                    model,
                    version,
                    Action.RETRAIN,
                    "quality decayed beyond its interval since the first evaluated window"
                            + (driftedFeatures.isEmpty() ? "" : " and features drifted")
                            + (challengerBetter ? "; the challenger is significantly better" : ""),
                    evidence,
                    decay == Decay.SIGNIFICANT);
        }
        if (challengerBetter) {
            return new Advice(
                    model,
                    version,
                    Action.RETRAIN,
                    "a challenger is significantly better on the same traffic",
                    evidence,
                    decay == Decay.SIGNIFICANT);
        }
        if (!driftedFeatures.isEmpty() || decay == Decay.WITHIN_NOISE) {
            return new Advice(
                    model,
                    version,
                    Action.WATCH,
                    !driftedFeatures.isEmpty()
                            ? "features drifted but quality has not decayed beyond its interval"
                            : "quality is lower than in the first window, but within the intervals (could be noise)",
                    evidence,
                    decay == Decay.SIGNIFICANT);
        }
        return new Advice(
                model,
                version,
                Action.NO_ACTION,
                decay == Decay.UNKNOWN
                        ? "too little evidence to call for action"
                        : "quality holds, no feature drifted, no better challenger",
                evidence,
                false);
    }

    /**
     * The evidence of each slice's latest {@code explain} run: the feature whose shift accounts for
     * the largest share of the loss change (the runs as the store ranked them, largest first).
     */
    public static Advice explainedBy(Advice advice, List<ExplanationRecord> explanations) {
        List<String> evidence = new ArrayList<>();
        java.util.Set<String> slices = new java.util.HashSet<>();
        for (ExplanationRecord e : explanations) {
            if (e.share() != null && slices.add(e.slice())) {
                evidence.add(String.format(
                        Locale.ROOT,
                        "explained: in slice %s, the shift of %s reproduces %.0f%% of %s's change from %.4f to %.4f "
                                + "(PSI %.3f%s)",
                        e.slice(),
                        e.feature(),
                        100 * e.share(),
                        e.metric(),
                        e.referenceValue(),
                        e.windowValue(),
                        e.psi(),
                        e.correlation() == null
                                ? ""
                                : String.format(Locale.ROOT, ", correlation with the change %.2f", e.correlation())));
            }
        }
        return advice.citing(evidence);
    }

    /**
     * The evidence that the estimated AUC no longer holds in {@code windows} (their starts): the
     * labels that arrived there contradict it, so the score-label relation changed.
     */
    public static Advice relationChanged(Advice advice, List<String> windows) {
        if (windows.isEmpty()) {
            return advice;
        }
        return advice.citing(List.of("estimate: the labels so far contradict the estimated AUC in " + windows.size()
                + " window(s) (" + String.join(", ", windows) + "): the score-label relation changed, so the "
                + "estimate no longer holds there"));
    }

    /** The anomalous windows cited, latest first; the rest are counted. */
    static final int ANOMALIES_CITED = 3;

    /**
     * The evidence of a version's windows judged against their seasonal history
     * ({@link Anomalies}): those outside their band after false-discovery control, latest first.
     * Evidence only: a metric of one slice outside its band is a reason to look, not to retrain.
     */
    public static Advice anomalies(Advice advice, List<Anomalies.Judgement> judged) {
        List<Anomalies.Judgement> anomalous = judged.stream()
                .filter(Anomalies.Judgement::anomalous)
                .sorted(java.util.Comparator.comparing(
                                (Anomalies.Judgement j) -> j.window().windowStart())
                        .reversed())
                .toList();
        long withVerdict =
                judged.stream().filter(Anomalies.Judgement::hasVerdict).count();
        if (withVerdict == 0) {
            return advice.citing(List.of("anomalies: no final window has the history of its season to be judged"));
        }
        if (anomalous.isEmpty()) {
            return advice.citing(List.of(String.format(
                    Locale.ROOT, "anomalies: none of %d judged windows outside its seasonal band", withVerdict)));
        }
        List<String> cited = anomalous.stream()
                .limit(ANOMALIES_CITED)
                .map(j -> String.format(
                        Locale.ROOT,
                        "%s of slice %s in the window from %s: %.4f, expected %.4f [%.4f, %.4f] (q %.2g)",
                        j.window().metric(),
                        j.window().slice(),
                        j.window().windowStart().toInstant(),
                        j.window().value(),
                        j.expected(),
                        j.low(),
                        j.high(),
                        j.qValue()))
                .toList();
        return advice.citing(List.of(String.format(
                Locale.ROOT,
                "anomalies: %d of %d judged windows outside their seasonal band: %s%s",
                anomalous.size(),
                withVerdict,
                String.join("; ", cited),
                anomalous.size() > ANOMALIES_CITED ? "; ..." : "")));
    }

    /** The significant gaps cited; the rest are counted. */
    static final int GAPS_CITED = 3;

    /**
     * The evidence of a version's latest fairness run ({@link FairnessRecord}, its latest window):
     * the protected groups' significant gaps to their reference groups, or that none was found.
     * Evidence only: a gap is a reason to look at the model, not to retrain it. Nothing when no
     * fairness run measured the version.
     */
    public static Advice fairness(Advice advice, List<FairnessRecord> measured) {
        List<FairnessRecord> gaps =
                measured.stream().filter(f -> f.significant() != null).toList();
        if (gaps.isEmpty()) {
            return advice;
        }
        List<FairnessRecord> significant =
                gaps.stream().filter(FairnessRecord::significant).toList();
        if (significant.isEmpty()) {
            return advice.citing(List.of(String.format(
                    Locale.ROOT, "fairness: none of %d gaps to the reference groups is significant", gaps.size())));
        }
        List<String> cited = significant.stream()
                .limit(GAPS_CITED)
                .map(f -> String.format(
                        Locale.ROOT,
                        "%s of %s=%s against %s: %.4f [%.4f, %.4f]",
                        f.measure(),
                        f.attribute(),
                        f.group(),
                        f.referenceGroup(),
                        f.value(),
                        f.ciLow(),
                        f.ciHigh()))
                .toList();
        return advice.citing(List.of(String.format(
                Locale.ROOT,
                "fairness: %d of %d gaps to the reference groups significant in the window from %s: %s%s",
                significant.size(),
                gaps.size(),
                significant.get(0).windowStart().toInstant(),
                String.join("; ", cited),
                significant.size() > GAPS_CITED ? "; ..." : "")));
    }

    /**
     * The evidence of the switch-back tests ({@link SwitchbackRecord}, each test's latest verdict)
     * in which the version was the treatment: its effect against the control, with the interval
     * and p-values. Evidence only. Nothing when no test had the version as its treatment.
     */
    public static Advice switchback(Advice advice, List<SwitchbackRecord> verdicts) {
        List<String> cited = verdicts.stream()
                .map(s -> String.format(
                        Locale.ROOT,
                        "switch-back against %s on %s: %+.4f [%s, %s] over %d and %d periods, %s (p %s, permutation p %s)%s",
                        s.control(),
                        s.metric(),
                        s.effect(),
                        number(s.ciLow()),
                        number(s.ciHigh()),
                        s.periodsControl(),
                        s.periodsTreatment(),
                        Boolean.TRUE.equals(s.significant()) ? "significant" : "not significant",
                        number(s.pValue()),
                        number(s.permutationPValue()),
                        s.warning() == null ? "" : "; " + s.warning()))
                .toList();
        return cited.isEmpty() ? advice : advice.citing(cited);
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4g", value);
    }

    /**
     * {@code advice} unless a canary is significantly worse: then roll it back, whatever else the
     * evidence says (it stays in the evidence).
     */
    public static Advice rollbackIfWorse(Advice advice, List<WorseCanary> worse) {
        if (worse.isEmpty()) {
            return advice;
        }
        List<String> evidence = new ArrayList<>();
        for (WorseCanary c : worse) {
            evidence.add(String.format(
                    Locale.ROOT,
                    "canary %s vs %s on %s: %s %+.4f [%+.4f, %+.4f] (%,d canary rows), significantly worse",
                    c.candidate(),
                    c.baseline(),
                    c.slice(),
                    c.metric(),
                    c.delta(),
                    c.ciLow(),
                    c.ciHigh(),
                    c.candidateRows()));
        }
        evidence.addAll(advice.evidence());
        WorseCanary first = worse.get(0);
        return new Advice(
                advice.model(),
                first.candidate(),
                Action.ROLLBACK,
                "the canary " + first.candidate() + " is significantly worse than " + first.baseline() + " on "
                        + worse.stream()
                                .map(WorseCanary::slice)
                                .distinct()
                                .reduce((a, b) -> a + ", " + b)
                                .orElseThrow(),
                evidence,
                advice.qualityDropped());
    }

    private enum Decay {
        SIGNIFICANT,
        WITHIN_NOISE,
        NONE,
        UNKNOWN
    }

    private static Decay decay(
            String metric, boolean higherIsBetter, List<WindowValue> windows, List<String> evidence) {
        if (windows.size() < 2) {
            evidence.add("quality: " + windows.size() + " evaluated window(s) of " + metric + "; decay needs two");
            return Decay.UNKNOWN;
        }
        WindowValue first = windows.get(0);
        WindowValue last = windows.get(windows.size() - 1);
        double change = last.value() - first.value();
        boolean worse = higherIsBetter ? change < 0 : change > 0;
        String line = String.format(
                Locale.ROOT,
                "quality: %s %.4f%s in the first window (%s, %,d rows), %.4f%s in the latest (%s, %,d rows)",
                metric,
                first.value(),
                interval(first.ciLow(), first.ciHigh()),
                first.start(),
                first.n(),
                last.value(),
                interval(last.ciLow(), last.ciHigh()),
                last.start(),
                last.n());
        if (!worse) {
            evidence.add(line + ": no decay");
            return Decay.NONE;
        }
        if (first.ciLow() == null || last.ciHigh() == null) {
            // No interval: call a relative change of more than 5% decay.
            boolean large = Math.abs(change) > 0.05 * Math.abs(first.value());
            evidence.add(line
                    + (large
                            ? ": worse by more than 5% (no interval for this metric)"
                            : ": slightly worse (within 5%)"));
            return large ? Decay.SIGNIFICANT : Decay.WITHIN_NOISE;
        }
        boolean separated = higherIsBetter ? last.ciHigh() < first.ciLow() : last.ciLow() > first.ciHigh();
        evidence.add(
                line + (separated ? ": decayed, the intervals do not overlap" : ": lower, but the intervals overlap"));
        return separated ? Decay.SIGNIFICANT : Decay.WITHIN_NOISE;
    }

    /** True when both windows have intervals and they do not overlap. */
    public static boolean apart(WindowValue a, WindowValue b) {
        return a.ciLow() != null
                && a.ciHigh() != null
                && b.ciLow() != null
                && b.ciHigh() != null
                && (b.ciHigh() < a.ciLow() || b.ciLow() > a.ciHigh());
    }

    private static String interval(Double low, Double high) {
        return low == null || high == null ? "" : String.format(Locale.ROOT, " [%.4f, %.4f]", low, high);
    }
}
