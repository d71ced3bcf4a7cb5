package dev.verity.store.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.metrics.UnpairedComparison;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule every surface judges a canary by: its window, and no verdict on too few rows. */
class CanaryVerdictTest {
    private static CanaryAnalysis.Window window(String start, String end) {
        return new CanaryAnalysis.Window(Timestamp.from(Instant.parse(start)), Timestamp.from(Instant.parse(end)));
    }

    private static final CanaryAnalysis.Window WEEK = window("2026-11-24T00:00:00Z", "2026-12-01T00:00:00Z");
    private static final CanaryAnalysis.Window LAST_DAY = window("2026-11-30T00:00:00Z", "2026-12-01T00:00:00Z");
    private static final CanaryAnalysis.Window FIRST_DAY = window("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z");

    @Test
    void theVerdictWindowIsTheLongestReachingIntoTheNewest() {
        assertThat(CanaryAnalysis.verdictWindow(List.of(FIRST_DAY, LAST_DAY, WEEK)))
                .isEqualTo(WEEK);
        assertThat(CanaryAnalysis.verdictWindow(List.of(FIRST_DAY, LAST_DAY))).isEqualTo(LAST_DAY);
        // an older long window does not reach into the newest: the newest day wins
        CanaryAnalysis.Window lastWeek = window("2026-11-17T00:00:00Z", "2026-11-24T00:00:00Z");
        assertThat(CanaryAnalysis.verdictWindow(List.of(lastWeek, FIRST_DAY, LAST_DAY)))
                .isEqualTo(LAST_DAY);
    }

    private static CanaryAnalysis.Result result(double delta, long candidateRows, boolean defined) {
        UnpairedComparison c = defined ? UnpairedComparison.of(0.8, 0.001, 0.8 + delta, 0.001, true) : null;
        return new CanaryAnalysis.Result(
                "m", "v1", "v2", WEEK, "all", "auc", 0.8, 0.8 + delta, c, 10_000, candidateRows, null);
    }

    @Test
    void aVerdictNeedsEnoughCandidateRowsAndBothSides() {
        assertThat(result(-0.1, 5_000, true).verdict()).isEqualTo(CanaryAnalysis.Verdict.WORSE);
        assertThat(result(0.1, 5_000, true).verdict()).isEqualTo(CanaryAnalysis.Verdict.BETTER);
        assertThat(result(0.0001, 5_000, true).verdict()).isEqualTo(CanaryAnalysis.Verdict.INDISTINGUISHABLE);
        assertThat(result(-0.1, CanaryAnalysis.MIN_CANDIDATE_ROWS - 1, true).verdict())
                .isEqualTo(CanaryAnalysis.Verdict.TOO_FEW_ROWS);
        assertThat(result(-0.1, CanaryAnalysis.MIN_CANDIDATE_ROWS, true).verdict())
                .isEqualTo(CanaryAnalysis.Verdict.WORSE);
        assertThat(result(-0.1, 5_000, false).verdict()).isEqualTo(CanaryAnalysis.Verdict.UNDEFINED);
        assertThat(CanaryAnalysis.Verdict.TOO_FEW_ROWS.label()).isEqualTo("too_few_rows");
    }
}
