package dev.verity.cli;

import dev.verity.drift.FeatureKind;
import dev.verity.drift.profile.ColumnProfile;
import dev.verity.jobs.Period;
import dev.verity.store.BadInputException;
import dev.verity.store.Columns;
import dev.verity.store.NamedValues;
import dev.verity.store.ProfileHistory;
import dev.verity.store.ProfileRecord;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "profiles",
        mixinStandardHelpOptions = true,
        description = "What each column of a model's prediction log held over a period, from the profiles monitor "
                + "and drift stored per window (no log is read; of windows profiled twice the latest run's): rows and nulls exactly, the distinct count (HLL) and "
                + "quantiles (KLL) or most frequent values with their error bounds.")
public final class ProfilesCommand implements Callable<Integer> {
    /** The ranks printed of a numeric column. */
    static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    /** Frequent values printed of a categorical column. */
    static final int FREQUENT_SHOWN = 5;

    static final String WINDOWS = "windows";
    static final String NULL_RATE = "null_rate";
    static final String DISTINCT = "distinct";
    static final String DISTINCT_LOW = "distinct_low";
    static final String DISTINCT_HIGH = "distinct_high";
    static final String RANK_ERROR = "rank_error";
    static final String FREQUENT = "frequent";

    static final List<String> COLUMNS = columns();

    private static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of(
                Columns.MODEL,
                Columns.COLUMN,
                Columns.KIND,
                Columns.WINDOW_START,
                Columns.WINDOW_END,
                WINDOWS,
                Columns.ROWS,
                ProfileRecord.NULLS,
                NULL_RATE,
                DISTINCT,
                DISTINCT_LOW,
                DISTINCT_HIGH));
        Arrays.stream(RANKS).mapToObj(ProfilesCommand::quantileName).forEach(columns::add);
        columns.addAll(List.of(RANK_ERROR, FREQUENT));
        return List.copyOf(columns);
    }

    @Mixin
    StoreReadOptions storeOptions;

    @Option(names = "--model", description = "Only this model's columns.")
    String model;

    @Option(names = "--column", split = ",", description = "Only these columns.")
    List<String> columns = List.of();

    @Option(
            names = "--period",
            paramLabel = "START/END",
            converter = Converters.PeriodText.class,
            description = "The windows starting in this span (2026-10-01/2027-01-01, UTC days, or two instants); "
                    + "default: every window stored.")
    Period period;

    /** {@code p50} for the rank 0.5. */
    static String quantileName(double rank) {
        return String.format(Locale.ROOT, "p%02d", Math.round(rank * 100));
    }

    @Override
    public Integer call() {
        // each span of a column's time once: of overlapping profiles the latest run's
        ProfileHistory history = ProfileHistory.of(storeOptions.snapshot().profiles());
        List<NamedValues> named =
                history.profiles().stream().map(ProfileRecord::named).toList();
        KnownValues.require(storeOptions.store, "model", model, KnownValues.in(named, Columns.MODEL, null));
        for (String column : columns) {
            KnownValues.require(
                    storeOptions.store, "profiled column", column, KnownValues.in(named, Columns.COLUMN, model));
        }
        List<NamedValues> rows = history
                .merged(p -> (model == null || model.equals(p.model()))
                        && (columns.isEmpty() || columns.contains(p.column()))
                        && (period == null || period.includes(p.windowStart().toInstant())))
                .stream()
                .map(ProfilesCommand::row)
                .toList();
        if (rows.isEmpty()) {
            throw new BadInputException(storeOptions.store + ": no profiles"
                    + (period == null ? "" : " of windows starting in " + period)
                    + (named.isEmpty() ? " (verity monitor --store and drift --store write them)" : ""));
        }
        if (history.setAside() > 0) {
            storeOptions.output.note(
                    history.setAside() + " stored profiles overlap a later run's windows and are " + "not counted");
        }
        storeOptions.output.note("approximate: distinct counts within their bounds (95%), quantiles within "
                + "rank_error of their rank (99%), frequent values at most their bounds apart; rows and nulls exact");
        storeOptions.output.print(TableOutput.ofNamed(COLUMNS, rows));
        return 0;
    }

    private static NamedValues row(ProfileHistory.Merged merged) {
        ProfileRecord first = merged.first();
        ColumnProfile profile = merged.profile();
        ColumnProfile.Estimate distinct = profile.distinct();
        NamedValues row = new NamedValues()
                .put(Columns.MODEL, first.model())
                .put(Columns.COLUMN, first.column())
                .put(Columns.KIND, first.kind())
                .put(Columns.WINDOW_START, Timestamp.from(merged.start()))
                .put(Columns.WINDOW_END, Timestamp.from(merged.end()))
                .put(WINDOWS, (long) merged.windows())
                .put(Columns.ROWS, profile.rows())
                .put(ProfileRecord.NULLS, profile.nulls())
                .put(NULL_RATE, profile.nullRate())
                .put(DISTINCT, Math.round(distinct.value()))
                .put(DISTINCT_LOW, Math.round(Math.floor(distinct.low())))
                .put(DISTINCT_HIGH, Math.round(Math.ceil(distinct.high())));
        if (profile.kind() == FeatureKind.NUMERIC && profile.rows() > profile.nulls()) {
            for (double rank : RANKS) {
                row.put(quantileName(rank), profile.quantile(rank).value());
            }
            row.put(RANK_ERROR, profile.quantile(0.5).rankError());
        } else if (profile.kind() == FeatureKind.CATEGORICAL) {
            row.put(
                    FREQUENT,
                    profile.frequentValues().stream()
                            .limit(FREQUENT_SHOWN)
                            .map(f -> f.value() + " " + f.estimate())
                            .collect(Collectors.joining(", ")));
        }
        return row;
    }
}
