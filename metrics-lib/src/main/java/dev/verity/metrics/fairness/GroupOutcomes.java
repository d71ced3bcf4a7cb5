package dev.verity.metrics.fairness;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model did for one group in one window, as counts: its rows, those selected (score at or
 * above the threshold), the positives (label 1), the selected among positives and among
 * negatives, and the sum of its scores; its AUC with the DeLong interval comes from its scores.
 */
public record GroupOutcomes(
        long rows,
        long selected,
        long positives,
        long truePositives,
        long falsePositives,
        double scoreSum,
        Estimate auc) {

    /** A measure's value and 95% interval; {@code significant} for a gap only, null for a rate. */
    public record Measurement(FairnessMeasure measure, double value, Interval interval, Boolean significant) {}

    public Proportion selection() {
        return new Proportion(selected, rows);
    }

    public Proportion truePositiveRate() {
        return new Proportion(truePositives, positives);
    }

    public Proportion falsePositiveRate() {
        return new Proportion(falsePositives, rows - positives);
    }

    public Proportion precision() {
        return new Proportion(truePositives, selected);
    }

    /**
     * Mean score over the observed positive rate (1: calibrated in the large), with the interval
     * of the observed rate's Wilson interval, the mean score taken as known: the label noise is
     * what makes a group's calibration uncertain.
     */
    public Estimate calibrationRatio() {
        Proportion observed = new Proportion(positives, rows);
        double meanScore = rows == 0 ? Double.NaN : scoreSum / rows;
        double ratio = meanScore / observed.value();
        if (positives == 0) {
            return new Estimate(ratio, Interval.UNKNOWN);
        }
        Interval o = observed.wilson();
        return new Estimate(ratio, new Interval(meanScore / o.high(), meanScore / o.low()));
    }

    /** The group's own rates, each with its interval (Wilson; DeLong for the AUC). */
    public List<Measurement> rates() {
        List<Measurement> rates = new ArrayList<>();
        rates.add(rate(FairnessMeasure.SELECTION_RATE, selection()));
        rates.add(rate(FairnessMeasure.TPR, truePositiveRate()));
        rates.add(rate(FairnessMeasure.FPR, falsePositiveRate()));
        rates.add(rate(FairnessMeasure.PRECISION, precision()));
        rates.add(new Measurement(FairnessMeasure.AUC, auc.value(), auc.interval(), null));
        Estimate calibration = calibrationRatio();
        rates.add(
                new Measurement(FairnessMeasure.CALIBRATION_RATIO, calibration.value(), calibration.interval(), null));
        return rates;
    }

    /**
     * The gaps to {@code reference}: each difference significant when its interval excludes 0, the
     * ratio when its interval excludes 1; {@code four_fifths} is 1 when the selection rate ratio is
     * below 0.8 (else 0), with the ratio's interval, significant when all of it is below 0.8.
     */
    public List<Measurement> gapsTo(GroupOutcomes reference) {
        List<Measurement> gaps = new ArrayList<>();
        gaps.add(difference(
                FairnessMeasure.DEMOGRAPHIC_PARITY_DIFFERENCE, Gap.difference(selection(), reference.selection())));
        Estimate ratio = Gap.ratio(selection(), reference.selection());
        gaps.add(new Measurement(
                FairnessMeasure.DEMOGRAPHIC_PARITY_RATIO,
                ratio.value(),
                ratio.interval(),
                ratio.interval().excludes(1)));
        Estimate tpr = Gap.difference(truePositiveRate(), reference.truePositiveRate());
        gaps.add(difference(FairnessMeasure.EQUAL_OPPORTUNITY_DIFFERENCE, tpr));
        Estimate fpr = Gap.difference(falsePositiveRate(), reference.falsePositiveRate());
        gaps.add(difference(FairnessMeasure.EQUALIZED_ODDS_DIFFERENCE, Gap.largerAbsolute(tpr, fpr)));
        gaps.add(difference(
                FairnessMeasure.PREDICTIVE_PARITY_DIFFERENCE, Gap.difference(precision(), reference.precision())));
        double broken =
                Double.isNaN(ratio.value()) ? Double.NaN : ratio.value() < FairnessMeasure.FOUR_FIFTHS_RATIO ? 1 : 0;
        gaps.add(new Measurement(
                FairnessMeasure.FOUR_FIFTHS,
                broken,
                ratio.interval(),
                ratio.interval().high() < FairnessMeasure.FOUR_FIFTHS_RATIO));
        return gaps;
    }

    private static Measurement rate(FairnessMeasure measure, Proportion p) {
        return new Measurement(measure, p.value(), p.wilson(), null);
    }

    private static Measurement difference(FairnessMeasure measure, Estimate gap) {
        return new Measurement(
                measure, gap.value(), gap.interval(), gap.interval().excludes(0));
    }
}
