package dev.verity.store;

import dev.verity.drift.DriftResult;
import dev.verity.drift.FeatureKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * One row of the drift table without its run: one feature's verdict for one model (null when the
 * data named none) in one window (null: the whole current data), with the values missing on
 * each side and the window's dataset-level verdict. A multivariate verdict has its statistic's
 * interval and the features it leans on; a verdict against a reference from stored profiles, how
 * far the reference's shares may be off ({@code referenceError}; null: the reference's rows were
 * counted exactly).
 */
public record DriftRecord(
        String model,
        String reference,
        String current,
        Instant windowStart,
        DriftResult result,
        long referenceMissing,
        long currentMissing,
        boolean datasetDrift,
        Double ciLow,
        Double ciHigh,
        String topFeatures,
        Double referenceError) {

    /** A verdict on one feature: no interval, no features it leans on. */
    public DriftRecord(
            String model,
            String reference,
            String current,
            Instant windowStart,
            DriftResult result,
            long referenceMissing,
            long currentMissing,
            boolean datasetDrift) {
        this(
                model,
                reference,
                current,
                windowStart,
                result,
                referenceMissing,
                currentMissing,
                datasetDrift,
                null,
                null,
                null,
                null);
    }

    /** A verdict on one feature against a reference from profiles whose shares may be off by {@code error}. */
    public DriftRecord withReferenceError(Double error) {
        return new DriftRecord(
                model,
                reference,
                current,
                windowStart,
                result,
                referenceMissing,
                currentMissing,
                datasetDrift,
                ciLow,
                ciHigh,
                topFeatures,
                error);
    }

    public static final String REFERENCE = "reference";
    public static final String CURRENT = "current";
    public static final String METHOD = "method";
    public static final String STATISTIC = "statistic";
    public static final String THRESHOLD = "threshold";
    public static final String DRIFTED = "drifted";
    public static final String REFERENCE_MISSING = "reference_missing";
    public static final String CURRENT_MISSING = "current_missing";
    public static final String DATASET_DRIFT = "dataset_drift";
    /** Of a multivariate test: the features it leans on most, with their weights ("x1 0.46, x2 0.44"). */
    public static final String TOP_FEATURES = "top_features";

    /**
     * Against a reference from stored profiles: the most a share of the reference's values (a
     * cumulative share of a numeric feature, a category's share) may be off; 0 where the profile
     * kept every value.
     */
    public static final String REFERENCE_ERROR = "reference_error";

    /** The columns only a multivariate test fills: its statistic's 95% interval and the features it leans on. */
    public static final List<String> MULTIVARIATE_COLUMNS = List.of(Columns.CI_LOW, Columns.CI_HIGH, TOP_FEATURES);

    /** The columns of a verdict, as {@code drift} prints them (the run and the inputs left out; model last, as added). */
    public static final List<String> COLUMNS = List.of(
            Columns.WINDOW_START,
            Columns.FEATURE,
            Columns.KIND,
            METHOD,
            STATISTIC,
            Columns.P_VALUE,
            THRESHOLD,
            DRIFTED,
            Columns.REASON,
            REFERENCE_MISSING,
            CURRENT_MISSING,
            DATASET_DRIFT,
            Columns.MODEL);

    /** Its values by column, as the drift table holds them. */
    public NamedValues named() {
        return new NamedValues()
                .put(Columns.MODEL, model)
                .put(REFERENCE, reference)
                .put(CURRENT, current)
                .put(Columns.WINDOW_START, windowStart == null ? null : Timestamp.from(windowStart))
                .put(Columns.FEATURE, result.feature())
                .put(Columns.KIND, result.kind().id())
                .put(METHOD, result.method())
                .put(STATISTIC, result.statistic())
                .put(Columns.P_VALUE, result.pValue())
                .put(THRESHOLD, result.threshold())
                .put(DRIFTED, result.drifted())
                .put(Columns.REASON, result.reason())
                .put(REFERENCE_MISSING, referenceMissing)
                .put(CURRENT_MISSING, currentMissing)
                .put(DATASET_DRIFT, datasetDrift)
                .put(Columns.CI_LOW, ciLow)
                .put(Columns.CI_HIGH, ciHigh)
                .put(TOP_FEATURES, topFeatures)
                .put(REFERENCE_ERROR, referenceError);
    }

    public static DriftRecord of(NamedValues v) {
        return new DriftRecord(
                v.string(Columns.MODEL),
                v.string(REFERENCE),
                v.string(CURRENT),
                v.instant(Columns.WINDOW_START),
                new DriftResult(
                        v.string(Columns.FEATURE),
                        FeatureKind.ofId(v.string(Columns.KIND)),
                        v.string(METHOD),
                        v.doubleOrNull(STATISTIC),
                        v.doubleOrNull(Columns.P_VALUE),
                        v.doubleOrNull(THRESHOLD),
                        v.booleanOrNull(DRIFTED),
                        v.string(Columns.REASON)),
                v.longOrNull(REFERENCE_MISSING),
                v.longOrNull(CURRENT_MISSING),
                v.booleanOrNull(DATASET_DRIFT),
                v.doubleOrNull(Columns.CI_LOW),
                v.doubleOrNull(Columns.CI_HIGH),
                v.string(TOP_FEATURES),
                v.doubleOrNull(REFERENCE_ERROR));
    }
}
