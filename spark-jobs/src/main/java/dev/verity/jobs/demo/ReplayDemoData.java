package dev.verity.jobs.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The inputs of the demo's replay: six days of the match model's features and outcomes to train
 * on, the next day's traffic with its outcomes, and a few logged matching rounds (pool snapshots
 * and the pair scores served), in which two users' served scores came from stale embeddings.
 */
public final class ReplayDemoData {
    public static final int DIM = 16;
    public static final int ROUNDS = 3;
    public static final int POOL = 300;
    public static final int SERVED_PER_USER = 20;
    static final String[] PLATFORMS = {"ios", "android", "web"};

    private final SplittableRandom random;

    public ReplayDemoData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public record Inputs(Path training, Path traffic, Path trafficLabels, Path snapshots, Path servedPairs) {}

    public Inputs write(Path dir, int trainingRows, int trafficRows) {
        Inputs files = new Inputs(
                dir.resolve("match_training.csv"),
                dir.resolve("match_traffic.csv"),
                dir.resolve("match_traffic_labels.csv"),
                dir.resolve("pool_snapshots.csv"),
                dir.resolve("served_pairs.csv"));
        try {
            java.nio.file.Files.createDirectories(dir);
            try (BufferedWriter out = java.nio.file.Files.newBufferedWriter(files.training())) {
                out.write("prediction_id,ts,session_minutes,messages_sent,photos,platform,label\n");
                writeMatches(out, null, "train", trainingRows, DemoData.START, 6);
            }
            try (BufferedWriter out = java.nio.file.Files.newBufferedWriter(files.traffic());
                    BufferedWriter labels = java.nio.file.Files.newBufferedWriter(files.trafficLabels())) {
                out.write("prediction_id,ts,session_minutes,messages_sent,photos,platform\n");
                labels.write("prediction_id,label\n");
                writeMatches(out, labels, "live", trafficRows, DemoData.START.plusSeconds(6 * 86400L), 1);
            }
            writeRounds(files.snapshots(), files.servedPairs());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows with the label in the row itself, or (traffic) in a separate label file. */
    private void writeMatches(
            BufferedWriter out, BufferedWriter labels, String prefix, int rows, Instant start, int days)
            throws IOException {
        for (int i = 0; i < rows; i++) {
            double minutes = Math.exp(2.3 + 0.6 * Gaussian.draw(random));
            int messages = (int) Math.floor(-Math.log(1 - random.nextDouble()) * 6);
            int photos = random.nextInt(4);
            int platform = random.nextInt(3);
            // Long sessions and messages help, web users convert less, photos help most on mobile.
            double logit = -2.2
                    + 0.05 * minutes
                    + 0.12 * messages
                    - 0.6 * (platform == 2 ? 1 : 0)
                    + (platform == 2 ? 0.05 : 0.3) * photos
                    + 0.5 * Gaussian.draw(random);
            int label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            String id = prefix + "-" + i;
            Instant ts = start.plusSeconds(random.nextLong(days * 86400L));
            out.write(String.format(
                    Locale.ROOT,
                    "%s,%s,%.2f,%d,%d,%s%s%n",
                    id,
                    ts,
                    minutes,
                    messages,
                    photos,
                    PLATFORMS[platform],
                    labels == null ? "," + label : ""));
            if (labels != null) {
                labels.write(id + "," + label + "\n");
            }
        }
    }

    /**
     * Each round: a pool snapshot and, per user, the {@value #SERVED_PER_USER} peers the live
     * matcher served with their scores and whether the match happened and how long it lasted.
     * In round 2 the matcher still held stale embeddings for two users.
     */
    private void writeRounds(Path snapshots, Path served) throws IOException {
        try (BufferedWriter s = java.nio.file.Files.newBufferedWriter(snapshots);
                BufferedWriter p = java.nio.file.Files.newBufferedWriter(served)) {
            StringBuilder header = new StringBuilder("round_id,user_id");
            for (int d = 0; d < DIM; d++) {
                header.append(",v").append(d);
            }
            s.write(header + "\n");
            p.write("round_id,user_id,peer_id,score,matched,duration_s\n");
            for (int round = 1; round <= ROUNDS; round++) {
                double[][] v = new double[POOL][DIM];
                for (int u = 0; u < POOL; u++) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round-%d,user-%03d", round, u));
                    for (int d = 0; d < DIM; d++) {
                        v[u][d] = Math.round(Gaussian.draw(random) * 0.25 * 1e4) / 1e4;
                        line.append(',').append(v[u][d]);
                    }
                    s.write(line + "\n");
                }
                for (int u = 0; u < POOL; u++) {
                    boolean stale = round == 2 && (u == 17 || u == 42);
                    int[] peers = topPeers(v, u, stale);
                    for (int peer : peers) {
                        double live = dot(v[u], v[peer]) + (stale ? 0.05 * Gaussian.draw(random) : 0);
                        double affinity = dot(v[u], v[peer]);
                        boolean matched = random.nextDouble() < 1 / (1 + Math.exp(-(affinity * 3 - 1)));
                        long duration = matched
                                ? (long) (-Math.log(1 - random.nextDouble()) * 400 * (1 + Math.max(0, affinity)))
                                : 0;
                        p.write(String.format(
                                Locale.ROOT,
                                "round-%d,user-%03d,user-%03d,%s,%d,%d%n",
                                round,
                                u,
                                peer,
                                live,
                                matched ? 1 : 0,
                                duration));
                    }
                }
            }
        }
    }

    /** The peers served to {@code u}: its true best peers, or for a stale user a shuffled set. */
    private int[] topPeers(double[][] v, int u, boolean stale) {
        Integer[] order = new Integer[POOL];
        for (int i = 0; i < POOL; i++) {
            order[i] = i;
        }
        double[] noise = new double[POOL];
        for (int i = 0; i < POOL; i++) {
            noise[i] = stale ? 0.1 * Gaussian.draw(random) : 0;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(dot(v[u], v[b]) + noise[b], dot(v[u], v[a]) + noise[a]));
        int[] peers = new int[SERVED_PER_USER];
        int n = 0;
        for (int i = 0; i < POOL && n < SERVED_PER_USER; i++) {
            if (order[i] != u) {
                peers[n++] = order[i];
            }
        }
        return peers;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }
}
