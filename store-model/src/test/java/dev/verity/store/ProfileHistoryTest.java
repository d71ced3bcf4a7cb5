package dev.verity.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.drift.FeatureKind;
import dev.verity.drift.profile.ColumnProfile;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Profiles of the same rows stored twice (a rerun, another window size, another file) are counted
 * once: the latest run's whole windows win over every window they overlap.
 */
class ProfileHistoryTest {
    private static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");

    /** A profile of {@code rows} rows of 1.0 in [start, start + hours). */
    private static Recorded<ProfileRecord> profile(
            String run, int computedMinute, String input, Instant start, int hours, int rows) {
        ColumnProfile profile = ColumnProfile.of(FeatureKind.NUMERIC);
        for (int i = 0; i < rows; i++) {
            profile.addNumber(1.0);
        }
        ProfileRecord record = new ProfileRecord(
                "ranker",
                input,
                Timestamp.from(start),
                Timestamp.from(start.plus(hours, ChronoUnit.HOURS)),
                "x",
                FeatureKind.NUMERIC.id(),
                profile.rows(),
                profile.nulls(),
                profile.toBytes());
        return new Recorded<>(run, DAY.plus(30, ChronoUnit.DAYS).plus(computedMinute, ChronoUnit.MINUTES), record);
    }

    @Test
    void theLatestRunsWindowsWinOverEveryWindowTheyOverlap() {
        List<Recorded<ProfileRecord>> stored = new ArrayList<>();
        // monitor, daily: three days of 100 rows
        for (int d = 0; d < 3; d++) {
            stored.add(profile("monitor", 0, "log.csv", DAY.plus(d, ChronoUnit.DAYS), 24, 100));
        }
        // later, drift hourly over the second day's first two hours of another file
        stored.add(profile("drift", 5, "day2.csv", DAY.plus(1, ChronoUnit.DAYS), 1, 7));
        stored.add(profile("drift", 5, "day2.csv", DAY.plus(25, ChronoUnit.HOURS), 1, 9));
        // a rerun of monitor's third day, later still
        stored.add(profile("rerun", 9, "log.csv", DAY.plus(2, ChronoUnit.DAYS), 24, 120));

        ProfileHistory history = ProfileHistory.of(stored);
        assertThat(history.setAside()).isEqualTo(2); // the second and the first third day
        assertThat(history.profiles()).extracting(p -> p.rows()).containsExactly(100L, 7L, 9L, 120L);
        List<ProfileHistory.Merged> merged = history.merged(p -> true);
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).profile().rows()).isEqualTo(100 + 7 + 9 + 120);
        assertThat(merged.get(0).windows()).isEqualTo(4);
        assertThat(merged.get(0).start()).isEqualTo(DAY);
        assertThat(merged.get(0).end()).isEqualTo(DAY.plus(3, ChronoUnit.DAYS));
    }

    @Test
    void adjacentWindowsAreNotOverlaps() {
        ProfileHistory history = ProfileHistory.of(List.of(
                profile("a", 0, "log.csv", DAY, 24, 1),
                profile("b", 1, "log.csv", DAY.plus(1, ChronoUnit.DAYS), 24, 2)));
        assertThat(history.setAside()).isZero();
        assertThat(history.merged(p -> p.windowStart().toInstant().equals(DAY)))
                .singleElement()
                .satisfies(m -> assertThat(m.profile().rows()).isEqualTo(1));
    }
}
