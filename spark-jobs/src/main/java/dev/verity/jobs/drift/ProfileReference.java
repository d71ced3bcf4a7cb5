package dev.verity.jobs.drift;

import dev.verity.drift.FeatureKind;
import dev.verity.drift.profile.ColumnProfile;
import dev.verity.jobs.Period;
import dev.verity.store.BadInputException;
import dev.verity.store.ProfileHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A reference made of stored profiles instead of rows: each column's profiles of the windows
 * starting in {@code period}, merged, stand for the rows they saw. A numeric column's values are
 * those its quantile sketch kept, each with the rows it stands for; a categorical column's, its
 * frequent values and the rest as {@link ColumnProfile#OTHER_VALUES}. The tests then run as on
 * counted rows, approximate by at most each profile's {@link ColumnProfile#shareError()}.
 */
public record ProfileReference(String store, Period period, ProfileHistory history) {

    /** How the drift table names this reference. */
    public String describe() {
        return store + " profiles " + period;
    }

    /** The merged profile of each column of {@code model} (null: rows of no model) in the period. */
    Map<String, ColumnProfile> of(String model) {
        Map<String, ColumnProfile> columns = new LinkedHashMap<>();
        for (ProfileHistory.Merged merged : history.merged(p -> Objects.equals(p.model(), model)
                && period.includes(p.windowStart().toInstant()))) {
            String column = merged.first().column();
            if (columns.put(column, merged.profile()) != null) {
                throw new BadInputException(describe() + ": column " + column
                        + " was profiled both as numeric and as categorical; profile one period of one kind");
            }
        }
        if (columns.isEmpty()) {
            throw new BadInputException(describe() + ": no profiles"
                    + (model == null ? "" : " of model " + model)
                    + " in windows starting in the period (verity monitor --store and drift --store write them)");
        }
        return columns;
    }

    /**
     * The features compared against {@code profiles}: those named (each must be profiled, as the
     * kind named), else every profiled column but the score unless {@code prediction}.
     */
    static Map<String, Boolean> features(
            Map<String, ColumnProfile> profiles, List<String> numeric, List<String> categorical, boolean prediction) {
        Map<String, Boolean> features = new LinkedHashMap<>();
        if (numeric.isEmpty() && categorical.isEmpty()) {
            profiles.forEach((column, profile) -> {
                if (prediction || !column.equals(FeatureColumns.PREDICTION)) {
                    features.put(column, profile.kind() == FeatureKind.NUMERIC);
                }
            });
            return features;
        }
        numeric.forEach(f -> features.put(f, true));
        categorical.forEach(f -> features.put(f, false));
        features.forEach((feature, isNumeric) -> {
            ColumnProfile profile = profiles.get(feature);
            if (profile == null) {
                throw new BadInputException("--reference-profile: " + feature
                        + " has no profile in the period; profiled: " + profiles.keySet());
            }
            if ((profile.kind() == FeatureKind.NUMERIC) != isNumeric) {
                throw new BadInputException("--reference-profile: " + feature + " was profiled as "
                        + profile.kind().id() + ", not as it is named here");
            }
        });
        return features;
    }

    /** The reference's value counts, as {@link PartitionValueCounts} counts rows: missing values under a null value. */
    static List<Row> valueCounts(Map<String, ColumnProfile> profiles, Map<String, Boolean> features) {
        List<Row> rows = new ArrayList<>();
        for (String feature : features.keySet()) {
            ColumnProfile profile = profiles.get(feature);
            if (profile.nulls() > 0) {
                rows.add(RowFactory.create(DriftJob.REFERENCE, null, feature, null, null, profile.nulls()));
            }
            if (profile.kind() == FeatureKind.NUMERIC) {
                profile.weightedValues()
                        .forEach((value, n) ->
                                rows.add(RowFactory.create(DriftJob.REFERENCE, null, feature, value, null, n)));
            } else {
                profile.categoryCounts()
                        .forEach((value, n) ->
                                rows.add(RowFactory.create(DriftJob.REFERENCE, null, feature, null, value, n)));
            }
        }
        return rows;
    }
}
