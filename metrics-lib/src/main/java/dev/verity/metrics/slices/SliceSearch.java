package dev.verity.metrics.slices;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The slices of one population (a model's rows in one window) whose loss is worst, searched
 * level by level as SliceLine (Sagadeeva and Boehm, SIGMOD 2021) does and ranked by its score
 * {@code alpha * (slice mean / population mean - 1) - (1 - alpha) * (rows / slice rows - 1)},
 * which weighs how much worse a slice is against how small. Level 1 is every
 * {@code column = value}; a slice of level d + 1 is a candidate only when all d + 1 of its
 * parents were kept, and a slice is kept only when a sub-slice could still enter the top: a
 * sub-slice of at least {@code minRows} rows has no more rows than any parent in each loss
 * bucket, which bounds its mean loss at each size, and so its score. The caller evaluates each
 * level's candidates on the data.
 */
public final class SliceSearch {
    /** One slice found, against the rest of its population. */
    /** @param delta the slice's mean loss minus the rest's */
    public record Found(long key, LossStats slice, LossStats rest, double delta, double score) {}

    private final LossStats total;
    private final int maxDepth;
    private final long minRows;
    private final int top;
    private final double alpha;
    private final boolean prune;

    private int level;
    /** The kept slices of the last level evaluated, and the kept single predicates. */
    private Map<Long, LossStats> kept = new HashMap<>();

    private final Map<Integer, LossStats> keptPredicates = new TreeMap<>();

    private final TreeMap<Found, Boolean> best = new TreeMap<>(WORST_FIRST);
    private long evaluated;

    /**
     * The default weight of the loss against the size. SliceLine's paper takes 0.95 for
     * classification errors; per-row log loss differs far less between slices, and at 0.95 a
     * slice would need about 2.6% of the rows at three times the loss to score above nothing.
     */
    public static final double DEFAULT_ALPHA = 0.999;

    /** Higher score first, then the shallower slice, then by key: a total order. */
    private static final Comparator<Found> WORST_FIRST = Comparator.comparingDouble((Found f) -> -f.score())
            .thenComparingInt(f -> SliceKey.depth(f.key()))
            .thenComparingLong(Found::key);

    /**
     * @param alpha in (0, 1]: the score's weight of the loss ratio against the size
     * @param prune false: keep every slice with a row (the exhaustive search, for comparison)
     */
    public SliceSearch(LossStats total, int maxDepth, long minRows, int top, double alpha, boolean prune) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1]");
        }
        if (maxDepth < 1 || maxDepth > SliceKey.MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be in 1.." + SliceKey.MAX_DEPTH);
        }
        this.total = total;
        this.maxDepth = maxDepth;
        this.minRows = Math.max(1, minRows);
        this.top = top;
        this.alpha = alpha;
        this.prune = prune;
    }

    /** Whether every level has been evaluated, or nothing is left to search. */
    public boolean done() {
        return level >= maxDepth || (level > 0 && kept.isEmpty());
    }

    /** How many slices have been evaluated. */
    public long evaluated() {
        return evaluated;
    }

    /**
     * Takes the evaluated slices of the next level (level 1: every {@code column = value} the
     * population has; deeper: those of {@link #candidates()}), each with at least one row.
     */
    public void accept(Map<Long, LossStats> slices) {
        level++;
        evaluated += slices.size();
        Map<Long, LossStats> next = new HashMap<>();
        for (Map.Entry<Long, LossStats> e : slices.entrySet()) {
            LossStats s = e.getValue();
            if (s.n() >= minRows && s.n() < total.n()) {
                LossStats rest = s.restOf(total);
                consider(new Found(e.getKey(), s, rest, s.mean() - rest.mean(), score(s.mean(), s.n())));
            }
        }
        for (Map.Entry<Long, LossStats> e : slices.entrySet()) {
            if (!prune || couldBeatTop(List.of(e.getValue()))) {
                next.put(e.getKey(), e.getValue());
                if (level == 1) {
                    keptPredicates.put(SliceKey.predicateAt(e.getKey(), 0), e.getValue());
                }
            }
        }
        kept = next;
    }

    private double score(double mean, double rows) {
        return alpha * (mean / total.mean() - 1) - (1 - alpha) * (total.n() / rows - 1);
    }

    private void consider(Found found) {
        if (found.score() <= 0) {
            return;
        }
        best.put(found, true);
        if (best.size() > top) {
            best.pollLastEntry();
        }
    }

    /** The slices of the next level worth evaluating, each with all its parents kept. */
    public List<Long> candidates() {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, LossStats> parent : kept.entrySet()) {
            long key = parent.getKey();
            int lastColumn = SliceKey.column(SliceKey.predicateAt(key, level - 1));
            for (Map.Entry<Integer, LossStats> p : keptPredicates.entrySet()) {
                if (SliceKey.column(p.getKey()) <= lastColumn) {
                    continue;
                }
                long child = SliceKey.with(key, p.getKey());
                List<LossStats> parents = parents(child);
                if (parents != null && (!prune || couldBeatTop(parents))) {
                    out.add(child);
                }
            }
        }
        return out;
    }

    /** The kept parents of a slice one level down; null when one of them was not kept. */
    private List<LossStats> parents(long child) {
        List<LossStats> parents = new ArrayList<>(level + 1);
        for (int i = 0; i <= level; i++) {
            LossStats parent = kept.get(SliceKey.without(child, i));
            if (parent == null) {
                return null;
            }
            parents.add(parent);
        }
        return parents;
    }

    /**
     * Whether a slice within all of {@code parents}, of at least {@code minRows} rows, could
     * score above the top's last (and above nothing). Its rows in each loss bucket are at most
     * the parents' least; at each size its mean loss is at most the mean of that many of the
     * highest losses those counts allow (each at its bucket's upper edge, none above the least
     * largest loss). Between two bucket boundaries the bound on the score is monotone in the
     * size, so the boundaries, {@code minRows} and the largest size are the sizes to try.
     */
    private boolean couldBeatTop(List<LossStats> parents) {
        long[] counts = new long[LossStats.BUCKETS];
        java.util.Arrays.fill(counts, Long.MAX_VALUE);
        long rows = Long.MAX_VALUE;
        double sum = Double.POSITIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        for (LossStats p : parents) {
            rows = Math.min(rows, p.n());
            sum = Math.min(sum, p.sum());
            max = Math.min(max, p.max());
            for (int b = 0; b < LossStats.BUCKETS; b++) {
                counts[b] = Math.min(counts[b], p.bucketCount(b));
            }
        }
        if (rows < minRows) {
            return false;
        }
        double bar = best.size() < top ? 0 : best.lastKey().score();
        long size = 0;
        double topSum = 0;
        for (int b = LossStats.BUCKETS - 1; b >= 0 && size < rows; b--) {
            double edge = Math.min(LossStats.upperEdge(b), max);
            long take = Math.min(rows - size, counts[b]);
            if (size < minRows && size + take >= minRows) {
                if (bound(topSum + (minRows - size) * edge, sum, minRows) > bar) {
                    return true;
                }
            }
            size += take;
            topSum += take * edge;
            if (size >= minRows && bound(topSum, sum, size) > bar) {
                return true;
            }
        }
        return false;
    }

    /** The score bound of a slice of {@code size} rows whose losses sum to at most the lesser of the two. */
    private double bound(double topSum, double sum, long size) {
        return score(Math.min(topSum, sum) / size, size);
    }

    /**
     * The top slices, worst first, with their differences' intervals at 95% jointly over
     * {@code tested} slices (Bonferroni: each at 1 - 0.05 / tested), as Welch's normal
     * approximation gives them.
     */
    public List<Interval> top(long tested) {
        double z = new NormalDistribution().inverseCumulativeProbability(1 - 0.05 / (2.0 * Math.max(1, tested)));
        List<Interval> out = new ArrayList<>();
        for (Found f : best.keySet()) {
            double se = Math.sqrt(f.slice().variance() / f.slice().n()
                    + f.rest().variance() / f.rest().n());
            out.add(new Interval(f, f.delta() - z * se, f.delta() + z * se));
        }
        return out;
    }

    public record Interval(Found found, double ciLow, double ciHigh) {}
}
