package dev.verity.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The known values nearest to a misspelt one (by edit distance), for an error that helps. */
final class Nearest {
    /** How many of the nearest known values an error names. */
    private static final int COUNT = 3;

    private Nearest() {}

    static List<String> to(String asked, Collection<String> known) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return known.stream()
                .distinct()
                .sorted(Comparator.comparingInt((String k) -> distance.apply(asked, k))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(COUNT)
                .toList();
    }
}
