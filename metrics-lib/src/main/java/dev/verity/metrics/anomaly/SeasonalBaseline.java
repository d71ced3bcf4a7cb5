package dev.verity.metrics.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * What a window's value is expected to be from its own series' history: the median of the
 * earlier windows of the same season (hour of the week, hour of the day or day of the week, as
 * the windows' length and the series' span allow), and a band around it of the series' noise
 * and the window's own standard error. The noise is the spread of the changes from each earlier
 * window to the previous one of its season, pooled over every season: robust (a median absolute
 * deviation, scaled to a normal standard deviation and by 1/sqrt(2) for a difference of two),
 * and resting on every earlier window rather than the three or four of one season, whose spread
 * alone is often near zero by chance. A median and MAD rather than a mean and standard deviation:
 * one bad day in the history moves neither, so an incident does not teach the baseline to expect
 * the next one.
 */
public final class SeasonalBaseline {
    /** The scale that makes the MAD of normal data estimate its standard deviation: 1 / Phi^-1(3/4). */
    public static final double MAD_TO_SD = 1 / new NormalDistribution().inverseCumulativeProbability(0.75);

    /** The fewest earlier windows of its season that make a window's baseline; with fewer, no verdict. */
    public static final int MIN_HISTORY = 3;

    private static final NormalDistribution NORMAL = new NormalDistribution();

    private SeasonalBaseline() {}

    /** How a window's history is matched to it. */
    public enum Season {
        /** Same hour of the same weekday: hourly windows with weeks of history. */
        HOUR_OF_WEEK(w -> w.getDayOfWeek().getValue() * 24 + w.getHour(), "the same hour of the same weekday"),
        /** Same hour of the day. */
        HOUR_OF_DAY(ZonedDateTime::getHour, "the same hour of the day"),
        /** Same weekday: daily windows. */
        DAY_OF_WEEK(w -> w.getDayOfWeek().getValue(), "the same weekday"),
        /** Every earlier window: windows of a week or longer, or too little history for a season. */
        NONE(w -> 0, "every earlier window");

        private final Function<ZonedDateTime, Integer> key;
        private final String matched;

        Season(Function<ZonedDateTime, Integer> key, String matched) {
            this.key = key;
            this.matched = matched;
        }

        /** Which earlier windows a window is compared with, as a person says it. */
        public String matched() {
            return matched;
        }

        /** The name in output and in exported labels: {@code day_of_week}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        int of(Instant start) {
            return key.apply(start.atZone(ZoneOffset.UTC));
        }

        /**
         * The finest season a series of windows of {@code length} spanning {@code span} can be
         * judged by: one whose cycle the span holds at least {@link #MIN_HISTORY} + 1 times, so
         * its later windows have that many of their season before them.
         */
        public static Season forSeries(Duration length, Duration span) {
            Duration week = Duration.ofDays(7);
            Duration day = Duration.ofDays(1);
            boolean hourly = length.compareTo(Duration.ofHours(1)) <= 0;
            boolean daily = !hourly && length.compareTo(day) <= 0 && day.toSeconds() % length.toSeconds() == 0;
            if ((hourly || daily) && span.compareTo(week.multipliedBy(MIN_HISTORY + 1)) >= 0) {
                return hourly ? HOUR_OF_WEEK : DAY_OF_WEEK;
            }
            if (hourly && span.compareTo(day.multipliedBy(MIN_HISTORY + 1)) >= 0) {
                return HOUR_OF_DAY;
            }
            return NONE;
        }
    }

    /** One window of a series: when it starts, its value and that value's standard error (0 when unknown). */
    public record Point(Instant start, double value, double standardError) {}

    /**
     * @param expected the median of the history of {@code season}
     * @param spread   the series' noise: the scaled MAD of its earlier windows' changes within their seasons
     * @param low      {@code expected - z * sqrt(spread^2 * (1 + pi / (2 * history)) + se^2)}, the
     *                 window's own noise, its median's and its standard error; {@code high} likewise
     * @param pValue   two-sided, of the window's value under a normal of that centre and width; NaN
     *                 when the history is too short or has no width at all
     * @param history  the earlier windows the baseline rests on
     */
    public record Expectation(
            Season season, int history, double expected, double spread, double low, double high, double pValue) {}

    /**
     * The expectation of {@code window} from the windows of {@code earlier} of its {@code season}
     * that started before it (windows of the same series and length, failed and provisional ones
     * already left out), with a band of {@code z} standard deviations.
     */
    public static Expectation judge(List<Point> earlier, Point window, Season season, double z) {
        List<Point> before = earlier.stream()
                .filter(p -> p.start().isBefore(window.start()))
                .sorted(Comparator.comparing(Point::start))
                .toList();
        int own = season.of(window.start());
        double[] history = before.stream()
                .filter(p -> season.of(p.start()) == own)
                .mapToDouble(Point::value)
                .toArray();
        if (history.length < MIN_HISTORY) {
            return new Expectation(season, history.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double expected = new Median().evaluate(history);
        double spread = noise(before, season);
        // the median of k windows is itself uncertain: its variance is about pi / (2k) of theirs
        double sd = Math.sqrt(spread * spread * (1 + Math.PI / (2 * history.length))
                + window.standardError() * window.standardError());
        double pValue =
                sd > 0 ? 2 * NORMAL.cumulativeProbability(-Math.abs(window.value() - expected) / sd) : Double.NaN;
        return new Expectation(season, history.length, expected, spread, expected - z * sd, expected + z * sd, pValue);
    }

    /** The standard deviation of a window around its season's level, from the changes within each season. */
    private static double noise(List<Point> before, Season season) {
        Map<Integer, Double> previous = new HashMap<>();
        List<Double> changes = new ArrayList<>();
        for (Point p : before) {
            Double last = previous.put(season.of(p.start()), p.value());
            if (last != null) {
                changes.add(p.value() - last);
            }
        }
        double[] d = changes.stream().mapToDouble(Double::doubleValue).toArray();
        double centre = new Median().evaluate(d);
        return MAD_TO_SD
                * new Median()
                        .evaluate(
                                Arrays.stream(d).map(v -> Math.abs(v - centre)).toArray())
                / Math.sqrt(2);
    }
}
