package dev.verity.metrics.beyondaccuracy;

import dev.verity.metrics.MetricValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranking metrics beyond accuracy: what a ranker shows, not how relevant it is. Each is per
 * window and slice over its lists (queries) and their items; the top K of a list are its K
 * highest scores, ties broken by {@code item_id}.
 */
public final class BeyondAccuracy {
    public static final String COVERAGE = "coverage@K";
    public static final String NOVELTY = "novelty@K";
    public static final String POPULARITY = "popularity@K";
    public static final String PERSONALIZATION = "personalization@K";
    public static final String DIVERSITY = "diversity@K";
    /** The families, in the order tables show them. */
    public static final List<String> FAMILIES = List.of(COVERAGE, NOVELTY, POPULARITY, PERSONALIZATION, DIVERSITY);

    /** Top-K slots (of the largest K) whose item has no vector in the item features. */
    public static final String ITEMS_WITHOUT_FEATURES = "items_without_features";

    /** Personalization compares every pair of up to this many lists; above, a sample of this many. */
    public static final int PERSONALIZATION_LISTS = 10_000;

    public static final String NO_ITEM_ID = "the ranking log has no item_id column";
    public static final String NO_ITEM_FEATURES = "no --item-features given";

    private BeyondAccuracy() {}

    public static String name(String family, int k) {
        return family.replace("K", Integer.toString(k));
    }

    /** The metrics of a ranking log without {@code item_id}: each undefined, saying why. */
    public static List<MetricValue> withoutItems(int[] ks) {
        List<MetricValue> out = new ArrayList<>();
        for (String family : FAMILIES) {
            for (int k : ks) {
                out.add(MetricValue.undefined(name(family, k), NO_ITEM_ID));
            }
        }
        return out;
    }
}
