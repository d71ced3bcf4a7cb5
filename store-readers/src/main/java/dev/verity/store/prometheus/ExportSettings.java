package dev.verity.store.prometheus;

import dev.verity.store.Job;
import java.util.List;
import java.util.Map;

/**
 * How {@code serve} exports a store: at most {@code sliceCap} slices per model; each metric's
 * baseline is its median over the windows of the {@code baselineDays} before its latest window;
 * the site's quality objectives; and how often each job is expected to succeed (seconds, by job).
 */
public record ExportSettings(
        int sliceCap, int baselineDays, List<Objective> objectives, Map<String, Long> jobPeriodSeconds) {
    public static final int BASELINE_DAYS = 28;
    /** Without a schedule of its own, a site is expected to evaluate daily. */
    public static final Map<String, Long> DEFAULT_JOB_PERIODS = Map.of(Job.EVALUATE.id(), 86_400L);

    public ExportSettings {
        objectives = List.copyOf(objectives);
        jobPeriodSeconds = Map.copyOf(jobPeriodSeconds);
    }

    /** The defaults: a 28-day baseline, no objectives, a daily evaluate. */
    public static ExportSettings defaults(int sliceCap) {
        return new ExportSettings(sliceCap, BASELINE_DAYS, List.of(), DEFAULT_JOB_PERIODS);
    }
}
