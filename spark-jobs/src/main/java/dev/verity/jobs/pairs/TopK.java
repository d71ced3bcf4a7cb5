package dev.verity.jobs.pairs;

import java.io.Serializable;

/**
 * The best {@code k} peers of one user: highest score first, equal scores by lower peer index
 * (peer ids are indexed in ascending order, so that is the lower peer id). A bounded heap whose
 * root is the worst peer kept, so most candidates are turned away by one comparison.
 */
final class TopK implements Serializable {
    private final double[] scores;
    private final int[] peers;
    private int size;

    TopK(int k) {
        scores = new double[k];
        peers = new int[k];
    }

    int size() {
        return size;
    }

    void offer(int peer, double score) {
        if (size < scores.length) {
            scores[size] = score;
            peers[size] = peer;
            siftUp(size++);
        } else if (scores.length > 0 && better(score, peer, scores[0], peers[0])) {
            scores[0] = score;
            peers[0] = peer;
            siftDown(0);
        }
    }

    /** Adds every peer of {@code other}; the result is the top k of both. */
    TopK merge(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.peers[i], other.scores[i]);
        }
        return this;
    }

    /** The peers kept, best first, with their scores. */
    Ranked ranked() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> better(scores[a], peers[a], scores[b], peers[b]) ? -1 : 1);
        int[] rankedPeers = new int[size];
        double[] rankedScores = new double[size];
        for (int i = 0; i < size; i++) {
            rankedPeers[i] = peers[order[i]];
            rankedScores[i] = scores[order[i]];
        }
        return new Ranked(rankedPeers, rankedScores);
    }

    record Ranked(int[] peers, double[] scores) {
    }

    static boolean better(double score, int peer, double otherScore, int otherPeer) {
        return score > otherScore || (score == otherScore && peer < otherPeer);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(scores[parent], peers[parent], scores[i], peers[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int worst = i;
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < size; child++) {
                if (better(scores[worst], peers[worst], scores[child], peers[child])) {
                    worst = child;
                }
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
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
