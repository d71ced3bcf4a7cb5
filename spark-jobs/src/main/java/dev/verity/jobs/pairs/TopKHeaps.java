package dev.verity.jobs.pairs;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The best {@code k} peers of each of {@code n} users: highest score first, equal scores by lower
 * peer index (ids are indexed in ascending order, so that is the lower peer id). One bounded
 * heap per user, all in flat arrays: user u's heap is slots [u*k, u*k + size[u]) with the worst
 * peer kept at the root, so most candidates are turned away by one comparison with
 * {@link #threshold(int)}, and a task's heaps travel as primitive arrays.
 */
final class TopKHeaps implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int k;
    private final int[] sizes;
    private final int[] peers;
    private final double[] scores;
    /** The root's score of a full heap, else -infinity: a candidate below it cannot enter. */
    private final double[] thresholds;

    TopKHeaps(int users, int k) {
        this.k = k;
        this.sizes = new int[users];
        this.peers = new int[users * k];
        this.scores = new double[users * k];
        this.thresholds = new double[users];
        Arrays.fill(thresholds, k == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
    }

    /** Scores below this cannot enter user u's heap (equal ones may, by a lower peer index). */
    double threshold(int user) {
        return thresholds[user];
    }

    void offer(int user, int peer, double score) {
        int base = user * k;
        int size = sizes[user];
        if (size < k) {
            scores[base + size] = score;
            peers[base + size] = peer;
            siftUp(base, size);
            sizes[user] = ++size;
            if (size == k) {
                thresholds[user] = scores[base];
            }
        } else if (better(score, peer, scores[base], peers[base])) {
            scores[base] = score;
            peers[base] = peer;
            siftDown(base);
            thresholds[user] = scores[base];
        }
    }

    /** Adds every peer kept by {@code other} (same users and k); the result is the top k of both. */
    TopKHeaps merge(TopKHeaps other) {
        for (int u = 0; u < sizes.length; u++) {
            for (int i = 0; i < other.sizes[u]; i++) {
                offer(u, other.peers[u * k + i], other.scores[u * k + i]);
            }
        }
        return this;
    }

    /** User u's peers, best first, with their scores. */
    Ranked ranked(int user) {
        int base = user * k;
        Integer[] order = new Integer[sizes[user]];
        for (int i = 0; i < order.length; i++) {
            order[i] = base + i;
        }
        Arrays.sort(order, (a, b) -> better(scores[a], peers[a], scores[b], peers[b]) ? -1 : 1);
        int[] rankedPeers = new int[order.length];
        double[] rankedScores = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            rankedPeers[i] = peers[order[i]];
            rankedScores[i] = scores[order[i]];
        }
        return new Ranked(rankedPeers, rankedScores);
    }

    record Ranked(int[] peers, double[] scores) {}

    static boolean better(double score, int peer, double otherScore, int otherPeer) {
        return score > otherScore || (score == otherScore && peer < otherPeer);
    }

    private void siftUp(int base, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(scores[base + parent], peers[base + parent], scores[base + i], peers[base + i])) {
                return;
            }
            swap(base + i, base + parent);
            i = parent;
        }
    }

    private void siftDown(int base) {
        int i = 0;
        while (true) {
            int worst = i;
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < k; child++) {
                if (better(scores[base + worst], peers[base + worst], scores[base + child], peers[base + child])) {
                    worst = child;
                }
            }
            if (worst == i) {
                return;
            }
            swap(base + i, base + worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        double s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int p = peers[a];
        peers[a] = peers[b];
        peers[b] = p;
    }
}
