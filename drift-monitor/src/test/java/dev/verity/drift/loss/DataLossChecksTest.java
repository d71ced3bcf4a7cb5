package dev.verity.drift.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spark-free: in {@code mvn test -Pfast}. */
class DataLossChecksTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private final DataLossChecks checks = new DataLossChecks(Duration.ofHours(1), 3);

    private static WindowStats hour(int h, long rows, long nullScores, long duplicates, Long labelled) {
        return new WindowStats(T0.plus(Duration.ofHours(h)), rows, Map.of("score", nullScores), duplicates, labelled);
    }

    private static List<WindowStats> clean() {
        List<WindowStats> windows = new ArrayList<>();
        for (int h = 0; h < 8; h++) {
            windows.add(hour(h, 100 + h, 1, 0, 80L + h));
        }
        return windows;
    }

    @Test
    void cleanLogHasNoFindings() {
        assertThat(checks.check(clean())).isEmpty();
        assertThat(checks.check(List.of())).isEmpty();
    }

    @Test
    void eachInjectedProblemIsFoundInItsWindow() {
        List<WindowStats> windows = clean();
        windows.remove(3); // hour 3 lost
        windows.set(4, hour(5, 40, 1, 0, 32L)); // hour 5: 40 rows vs median ~101
        windows.set(5, hour(6, 106, 30, 2, 86L)); // hour 6: null spike and duplicates
        windows.set(6, hour(7, 107, 1, 0, 20L)); // hour 7: labels lost
        List<Finding> findings = checks.check(windows);
        assertThat(findings)
                .extracting(
                        f -> f.kind().id() + "@" + f.windowStart().toString().substring(11, 13))
                .containsExactly(
                        "missing_window@03",
                        "row_count_drop@05",
                        "duplicate_ids@06",
                        "null_rate@06",
                        "label_coverage_drop@07");
        Finding nulls = findings.get(3);
        assertThat(nulls.column()).isEqualTo("score");
        assertThat(nulls.observed()).isEqualTo(30.0 / 106);
        Finding drop = findings.get(1);
        assertThat(drop.expected()).isEqualTo(102.0); // median of hours 2, 3 (missing: 0), 4 -> 0, 102, 104
    }

    @Test
    void windowsWhoseLabelsMayStillArriveAreNotJudged() {
        List<WindowStats> windows = clean();
        windows.set(7, hour(7, 107, 1, 0, null));
        assertThat(checks.check(windows)).isEmpty();
    }

    @Test
    void schemaChangesAgainstThePreviousRun() {
        List<Finding> findings = DataLossChecks.schemaChanges(
                Map.of("a", "string", "b", "double"), Map.of("b", "string", "c", "int"), T0);
        assertThat(findings)
                .extracting(Finding::column, Finding::detail)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "column gone (was string)"),
                        org.assertj.core.groups.Tuple.tuple("b", "type changed from double to string"),
                        org.assertj.core.groups.Tuple.tuple("c", "column added (int)"));
        assertThat(DataLossChecks.schemaChanges(Map.of(), Map.of("a", "string"), T0))
                .isEmpty();
    }

    /**
     * Eight days of hourly windows whose nights carry a fifth of the day's traffic. From the fifth
     * day on each hour is judged against the same hour of the days before: the nights are no
     * drop there, while the first days, with too little of their season, keep the fixed rule.
     */
    private static List<WindowStats> dayAndNight(java.util.Random random) {
        List<WindowStats> windows = new ArrayList<>();
        for (int h = 0; h < 8 * 24; h++) {
            int hourOfDay = h % 24;
            long rows = Math.round((hourOfDay < 6 ? 200 : 1000) * (1 + 0.03 * random.nextGaussian()));
            long labelled = Math.round(rows * (0.8 + 0.01 * random.nextGaussian()));
            windows.add(hour(h, rows, 0, 0, labelled));
        }
        return windows;
    }

    @Test
    void whereTheLogSpansItsSeasonAnHourIsJudgedAgainstTheSameHourOfEarlierDays() {
        List<WindowStats> windows = dayAndNight(new java.util.Random(5));
        int lost = 6 * 24 + 14; // day 6, 14:00: 40% of its rows
        int unlabelled = 7 * 24 + 10; // day 7, 10:00: half its labels
        WindowStats usual = windows.get(lost);
        windows.set(lost, hour(lost, usual.rows() * 4 / 10, 0, 0, usual.labelled() * 4 / 10));
        WindowStats before = windows.get(unlabelled);
        windows.set(unlabelled, hour(unlabelled, before.rows(), 0, 0, before.rows() / 2));

        List<Finding> findings = checks.check(windows);
        List<Finding> seasonal = findings.stream()
                .filter(f -> !f.windowStart().isBefore(T0.plus(Duration.ofDays(4))))
                .toList();
        assertThat(seasonal)
                .extracting(f -> f.kind().id() + "@" + f.windowStart())
                .containsExactly(
                        "row_count_drop@" + T0.plus(Duration.ofHours(lost)),
                        "label_coverage_drop@" + T0.plus(Duration.ofHours(unlabelled)));
        Finding drop = seasonal.get(0);
        // the median of 14:00 on the six days before
        double[] earlier = java.util.stream.IntStream.range(0, 6)
                .mapToDouble(d -> windows.get(d * 24 + 14).rows())
                .sorted()
                .toArray();
        assertThat(drop.expected()).isEqualTo((earlier[2] + earlier[3]) / 2);
        assertThat(drop.observed()).isEqualTo((double) (usual.rows() * 4 / 10));
        assertThat(drop.detail()).contains("the same hour of the day");
        // the first days' nights, judged by the fixed rule against the evening before, are drops
        assertThat(findings)
                .filteredOn(f -> f.windowStart().isBefore(T0.plus(Duration.ofDays(4))))
                .extracting(f -> f.kind())
                .containsOnly(FindingKind.ROW_COUNT_DROP)
                .isNotEmpty();
    }
}
