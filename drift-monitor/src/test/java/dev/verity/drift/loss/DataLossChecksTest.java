package dev.verity.drift.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spark-free: in {@code mvn test -Dgroups=fast}. */
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
}
