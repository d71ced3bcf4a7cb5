package dev.verity.metrics;

/**
 * One metric of the catalog. A ranking metric's name holds {@code @K}: it is stored once per K
 * of {@code --k} ({@code ndcg@5}, {@code ndcg@10}).
 *
 * @param definition    one line: what the value is
 * @param undefinedWhen when the value is stored as null, with its reason
 */
public record MetricDefinition(String name, Task task, Direction direction, String definition, String undefinedWhen) {

    /** Which way is better, for advice, alerts and the report's worst slices. */
    public enum Direction {
        HIGHER_IS_BETTER,
        LOWER_IS_BETTER,
        NEITHER;

        public boolean higherIsBetter() {
            return this != LOWER_IS_BETTER;
        }
    }
}
