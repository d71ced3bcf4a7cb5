package dev.verity.store;

import dev.verity.drift.FeatureKind;
import dev.verity.drift.profile.ColumnProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The profiles a store holds, each span of time of a model's column counted once: monitor and
 * drift may profile the same rows again (a rerun, another window size, another file of the same
 * log), and of profiles whose windows overlap the latest run's wins whole, so merging them over
 * a quarter never counts a row twice.
 */
public final class ProfileHistory {
    private final List<ProfileRecord> kept;
    private final int setAside;

    private ProfileHistory(List<ProfileRecord> kept, int setAside) {
        this.kept = kept;
        this.setAside = setAside;
    }

    public static ProfileHistory of(List<Recorded<ProfileRecord>> stored) {
        List<Recorded<ProfileRecord>> latestFirst = new ArrayList<>(stored);
        latestFirst.sort(Comparator.comparing((Recorded<ProfileRecord> r) -> r.computedAt())
                .reversed());
        // per (model, column): the windows kept so far, start -> end
        Map<List<String>, NavigableMap<Instant, Instant>> taken = new HashMap<>();
        List<ProfileRecord> kept = new ArrayList<>();
        for (Recorded<ProfileRecord> recorded : latestFirst) {
            ProfileRecord p = recorded.record();
            NavigableMap<Instant, Instant> spans =
                    taken.computeIfAbsent(Arrays.asList(p.model(), p.column()), k -> new TreeMap<>());
            Instant start = p.windowStart().toInstant();
            Instant end = p.windowEnd().toInstant();
            Map.Entry<Instant, Instant> before = spans.floorEntry(start);
            Map.Entry<Instant, Instant> after = spans.ceilingEntry(start);
            boolean overlaps = (before != null && before.getValue().isAfter(start))
                    || (after != null && after.getKey().isBefore(end));
            if (!overlaps) {
                spans.put(start, end);
                kept.add(p);
            }
        }
        kept.sort(Comparator.comparing((ProfileRecord p) -> p.model() == null ? "" : p.model())
                .thenComparing(ProfileRecord::column)
                .thenComparing(ProfileRecord::windowStart));
        return new ProfileHistory(List.copyOf(kept), stored.size() - kept.size());
    }

    /** The profiles counted, by model, column and window start. */
    public List<ProfileRecord> profiles() {
        return kept;
    }

    /** How many stored profiles overlap a later run's and are not counted. */
    public int setAside() {
        return setAside;
    }

    /** A column's profiles merged over several windows, and the windows it rests on. */
    public record Merged(ProfileRecord first, Instant start, Instant end, int windows, ColumnProfile profile) {}

    /**
     * Of the profiles {@code wanted} selects, one merged profile per (model, column, kind), in that
     * order (a column profiled as numeric by one run and as categorical by another has two).
     */
    public List<Merged> merged(Predicate<ProfileRecord> wanted) {
        Map<List<String>, List<ProfileRecord>> byColumn = new LinkedHashMap<>();
        kept.stream()
                .filter(wanted)
                .forEach(p -> byColumn.computeIfAbsent(
                                Arrays.asList(p.model(), p.column(), p.kind()), k -> new ArrayList<>())
                        .add(p));
        List<Merged> merged = new ArrayList<>();
        byColumn.values().forEach(windows -> merged.add(merge(windows)));
        return merged;
    }

    private static Merged merge(List<ProfileRecord> windows) {
        ProfileRecord first = windows.get(0);
        ColumnProfile profile = ColumnProfile.of(FeatureKind.ofId(first.kind()));
        windows.forEach(w -> profile.merge(ColumnProfile.fromBytes(w.profile())));
        Instant end = windows.stream()
                .map(w -> w.windowEnd().toInstant())
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return new Merged(first, first.windowStart().toInstant(), end, windows.size(), profile);
    }
}
