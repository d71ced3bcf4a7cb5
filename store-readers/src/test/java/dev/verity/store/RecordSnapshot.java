package dev.verity.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A store's tables as records built by hand: what the readers read, with no engine beneath. */
public final class RecordSnapshot implements StoreSnapshot {
    public final List<MetricRecord> metrics = new ArrayList<>();
    public final List<RunRecord> runs = new ArrayList<>();
    public final List<Recorded<DriftRecord>> drift = new ArrayList<>();
    public final List<Recorded<FindingRecord>> findings = new ArrayList<>();
    public final List<Recorded<ReplayComparison>> replay = new ArrayList<>();
    public final List<Recorded<SliceRecord>> slices = new ArrayList<>();
    public final List<Recorded<ExplanationRecord>> explanations = new ArrayList<>();

    /** A day's window starting {@code day} (yyyy-mm-dd). */
    public static Timestamp day(String day) {
        return Timestamp.from(Instant.parse(day + "T00:00:00Z"));
    }

    /** The day after {@code day}'s start. */
    public static Timestamp nextDay(Timestamp day) {
        return Timestamp.from(day.toInstant().plusSeconds(86_400));
    }

    /** A binary model version's value of {@code metric} in the day starting {@code day}, on all traffic. */
    public RecordSnapshot metric(String model, String version, String day, String metric, double value, long n) {
        return metric(model, version, day(day), nextDay(day(day)), "all", metric, value, n);
    }

    public RecordSnapshot metric(
            String model,
            String version,
            Timestamp start,
            Timestamp end,
            String slice,
            String metric,
            Double value,
            long n) {
        metrics.add(new MetricRecord(
                model,
                version,
                "binary",
                start,
                end,
                slice,
                metric,
                value,
                n,
                value == null ? "undefined" : null,
                "evaluate-run",
                end));
        return this;
    }

    /** A run of {@code job} that ended with {@code status} at {@code finished}, with its accounting. */
    public RecordSnapshot run(
            String runId, Job job, String model, RunStatus status, Instant finished, Map<String, Object> accounting) {
        runs.add(new RunRecord(
                runId,
                job,
                model,
                "verity " + job.id(),
                status,
                status == RunStatus.FAILED ? "it failed" : null,
                finished.minusSeconds(60),
                finished,
                null,
                null,
                null,
                null,
                accounting));
        return this;
    }

    @Override
    public String root() {
        return "memory";
    }

    @Override
    public String describe() {
        return "memory at the records built by the test";
    }

    @Override
    public Map<String, OptionalLong> versions() {
        Map<String, OptionalLong> versions = new LinkedHashMap<>();
        StoreTables.READ.forEach(t -> versions.put(t, OptionalLong.of(0)));
        return versions;
    }

    @Override
    public List<MetricRecord> metrics() {
        return metrics;
    }

    @Override
    public List<RunRecord> runs() {
        return runs;
    }

    @Override
    public List<Recorded<DriftRecord>> drift() {
        return drift;
    }

    @Override
    public List<Recorded<ProfileRecord>> profiles() {
        return List.of();
    }

    @Override
    public List<Recorded<FairnessRecord>> fairness() {
        return List.of();
    }

    @Override
    public List<Recorded<SwitchbackRecord>> switchback() {
        return List.of();
    }

    @Override
    public List<Recorded<FindingRecord>> findings() {
        return findings;
    }

    @Override
    public List<Recorded<ReplayComparison>> replay() {
        return replay;
    }

    @Override
    public List<Recorded<SliceRecord>> slices() {
        return slices;
    }

    @Override
    public List<Recorded<ExplanationRecord>> explanations() {
        return explanations;
    }
}
