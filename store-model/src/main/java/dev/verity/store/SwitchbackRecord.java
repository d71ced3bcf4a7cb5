package dev.verity.store;

import java.sql.Timestamp;
import java.util.List;

/**
 * A switch-back test's verdict: the treatment version against the control over the periods each
 * served, judged per period ({@code dev.verity.metrics.switchback.SwitchbackEffect}).
 *
 * @param windowStart       the start of the first period judged
 * @param windowEnd         the end of the last period judged
 * @param rowsDroppedBurnIn the rows of the periods' first minutes, left out
 * @param warning           why the interval is doubtful (too few periods), or null
 */
public record SwitchbackRecord(
        String model,
        String control,
        String treatment,
        String metric,
        Timestamp windowStart,
        Timestamp windowEnd,
        int periodsControl,
        int periodsTreatment,
        long rowsDroppedBurnIn,
        Double controlValue,
        Double treatmentValue,
        Double effect,
        Double ciLow,
        Double ciHigh,
        Double pValue,
        Double permutationPValue,
        String warning) {

    public static final String CONTROL = "control";
    public static final String TREATMENT = "treatment";
    public static final String PERIODS_CONTROL = "periods_control";
    public static final String PERIODS_TREATMENT = "periods_treatment";
    public static final String ROWS_DROPPED_BURN_IN = "rows_dropped_burn_in";
    public static final String CONTROL_VALUE = "control_value";
    public static final String TREATMENT_VALUE = "treatment_value";
    public static final String EFFECT = "effect";
    public static final String PERMUTATION_P_VALUE = "permutation_p_value";
    public static final String WARNING = "warning";

    /** The columns {@code verity switchback} prints, in order: the issue's, then the warning and the span judged. */
    public static final List<String> COLUMNS = List.of(
            Columns.MODEL,
            CONTROL,
            TREATMENT,
            Columns.METRIC,
            PERIODS_CONTROL,
            PERIODS_TREATMENT,
            ROWS_DROPPED_BURN_IN,
            CONTROL_VALUE,
            TREATMENT_VALUE,
            EFFECT,
            Columns.CI_LOW,
            Columns.CI_HIGH,
            Columns.P_VALUE,
            PERMUTATION_P_VALUE,
            WARNING,
            Columns.WINDOW_START,
            Columns.WINDOW_END);

    /** Whether the effect's 95% interval excludes no effect; null without an interval. */
    public Boolean significant() {
        return ciLow == null || ciHigh == null ? null : ciLow > 0 || ciHigh < 0;
    }

    public NamedValues named() {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(CONTROL, control)
                .put(TREATMENT, treatment)
                .put(Columns.METRIC, metric)
                .put(Columns.WINDOW_START, windowStart)
                .put(Columns.WINDOW_END, windowEnd)
                .put(PERIODS_CONTROL, (long) periodsControl)
                .put(PERIODS_TREATMENT, (long) periodsTreatment)
                .put(ROWS_DROPPED_BURN_IN, rowsDroppedBurnIn)
                .put(CONTROL_VALUE, controlValue)
                .put(TREATMENT_VALUE, treatmentValue)
                .put(EFFECT, effect)
                .put(Columns.CI_LOW, ciLow)
                .put(Columns.CI_HIGH, ciHigh)
                .put(Columns.P_VALUE, pValue)
                .put(PERMUTATION_P_VALUE, permutationPValue)
                .put(WARNING, warning);
    }

    public static SwitchbackRecord of(NamedValues v) {
        return new SwitchbackRecord(
                v.string(Columns.MODEL),
                v.string(CONTROL),
                v.string(TREATMENT),
                v.string(Columns.METRIC),
                v.timestamp(Columns.WINDOW_START),
                v.timestamp(Columns.WINDOW_END),
                Math.toIntExact(v.longOrNull(PERIODS_CONTROL)),
                Math.toIntExact(v.longOrNull(PERIODS_TREATMENT)),
                v.longOrNull(ROWS_DROPPED_BURN_IN),
                v.doubleOrNull(CONTROL_VALUE),
                v.doubleOrNull(TREATMENT_VALUE),
                v.doubleOrNull(EFFECT),
                v.doubleOrNull(Columns.CI_LOW),
                v.doubleOrNull(Columns.CI_HIGH),
                v.doubleOrNull(Columns.P_VALUE),
                v.doubleOrNull(PERMUTATION_P_VALUE),
                v.string(WARNING));
    }
}
