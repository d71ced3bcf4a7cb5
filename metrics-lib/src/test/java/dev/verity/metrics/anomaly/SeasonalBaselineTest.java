package dev.verity.metrics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against numpy.median, scipy.stats.median_abs_deviation(scale='normal') and
 * scipy.stats.norm.sf (SciPy 1.17.1), computed outside this code on the same series: the level
 * the median of the window's weekday, the noise the scaled MAD of the week-on-week changes
 * {@code D[7:] - D[:-7]} divided by sqrt(2), the band's width
 * {@code sqrt(noise^2 * (1 + pi / (2 * 5)) + se^2)} for a median of five Saturdays.
 */
class SeasonalBaselineTest {
    /** Six weeks of daily AUC from Monday 2026-10-05: about 0.80 on weekdays and Sundays, 0.70 on Saturdays. */
    private static final double[] DAYS = {
        0.800342, 0.813597, 0.812247, 0.794897, 0.79702, 0.694726, 0.805697, 0.799439, 0.807469, 0.781527,
        0.815665, 0.799036, 0.706804, 0.798634, 0.796209, 0.804631, 0.808245, 0.797975, 0.798472, 0.706857,
        0.791297, 0.784856, 0.80395, 0.793294, 0.780797, 0.791859, 0.695324, 0.788068, 0.785075, 0.800366,
        0.808972, 0.797669, 0.792564, 0.70385, 0.807172, 0.797, 0.805447, 0.810429, 0.79793, 0.791865
    };

    private static Instant day(int i) {
        return LocalDate.of(2026, 10, 5).plusDays(i).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static List<SeasonalBaseline.Point> history() {
        List<SeasonalBaseline.Point> points = new ArrayList<>();
        for (int i = 0; i < DAYS.length; i++) {
            points.add(new SeasonalBaseline.Point(day(i), DAYS[i], 0.01));
        }
        return points;
    }

    @Test
    void aSaturdayIsJudgedAgainstTheSaturdaysBeforeIt() {
        // the Saturdays 10-10 ... 11-07: median 0.70385; the week-on-week changes of all 40 days: noise
        // 0.006218860145434721
        SeasonalBaseline.Season season = SeasonalBaseline.Season.forSeries(Duration.ofDays(1), Duration.ofDays(41));
        SeasonalBaseline.Expectation drop =
                SeasonalBaseline.judge(history(), new SeasonalBaseline.Point(day(40), 0.55, 0.01), season, 3);
        assertThat(drop.season()).isEqualTo(SeasonalBaseline.Season.DAY_OF_WEEK);
        assertThat(drop.history()).isEqualTo(5);
        assertThat(drop.expected()).isCloseTo(0.70385, within(1e-12));
        assertThat(drop.spread()).isCloseTo(0.006218860145434721, within(1e-12));
        assertThat(drop.low()).isCloseTo(0.6670068625286446, within(1e-12));
        assertThat(drop.high()).isCloseTo(0.7406931374713553, within(1e-12));
        assertThat(drop.pValue())
                .isCloseTo(5.284441549381524e-36, org.assertj.core.data.Percentage.withPercentage(1e-6));

        SeasonalBaseline.Expectation usual =
                SeasonalBaseline.judge(history(), new SeasonalBaseline.Point(day(40), 0.705, 0.01), season, 3);
        assertThat(usual.pValue()).isCloseTo(0.9253949482075672, within(1e-9));
    }

    @Test
    void aSeriesGetsTheFinestSeasonItsSpanHoldsAndAWindowWithTooLittleOfItsSeasonNoVerdict() {
        assertThat(SeasonalBaseline.Season.forSeries(Duration.ofDays(1), Duration.ofDays(10)))
                .isEqualTo(SeasonalBaseline.Season.NONE);
        assertThat(SeasonalBaseline.Season.forSeries(Duration.ofHours(1), Duration.ofDays(10)))
                .isEqualTo(SeasonalBaseline.Season.HOUR_OF_DAY);
        assertThat(SeasonalBaseline.Season.forSeries(Duration.ofHours(1), Duration.ofDays(28)))
                .isEqualTo(SeasonalBaseline.Season.HOUR_OF_WEEK);
        assertThat(SeasonalBaseline.Season.forSeries(Duration.ofDays(7), Duration.ofDays(365)))
                .isEqualTo(SeasonalBaseline.Season.NONE);

        // the second Saturday has one Saturday before it
        SeasonalBaseline.Expectation early = SeasonalBaseline.judge(
                history(), new SeasonalBaseline.Point(day(12), 0.70, 0.0), SeasonalBaseline.Season.DAY_OF_WEEK, 3);
        assertThat(early.history()).isEqualTo(1);
        assertThat(early.pValue()).isNaN();
        assertThat(early.expected()).isNaN();
        assertThat(SeasonalBaseline.judge(
                                history().subList(0, 10),
                                new SeasonalBaseline.Point(day(10), 0.80, 0.0),
                                SeasonalBaseline.Season.NONE,
                                3)
                        .history())
                .isEqualTo(10);
    }

    @Test
    void aWindowIsNeverPartOfItsOwnHistory() {
        List<SeasonalBaseline.Point> withItself = new ArrayList<>(history());
        SeasonalBaseline.Point judged = new SeasonalBaseline.Point(day(40), 0.55, 0.01);
        withItself.add(judged);
        assertThat(SeasonalBaseline.judge(withItself, judged, SeasonalBaseline.Season.DAY_OF_WEEK, 3)
                        .history())
                .isEqualTo(5);
        assertThat(SeasonalBaseline.MAD_TO_SD).isCloseTo(1.482602218505602, within(1e-12));
    }
}
