package dev.verity.jobs.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A week of logs from a social-matching app, with the quirks real logs have: delayed labels,
 * corrections, late and orphan labels, labels stamped before their prediction, duplicate
 * predictions, unlabeled traffic and a few unparseable rows.
 *
 * <p>{@code match-success} predicts whether a suggested match leads to a conversation; v2 is the
 * better model overall but was trained without web traffic and does worse there. v3, a canary
 * on 5% of the traffic, is v1 retrained with a web feature lost: a little worse on web only.
 * {@code peer-ranker} orders 8 candidate peers per request, with graded relevance 0-3 (no
 * reaction, liked, chatted, long chat).
 *
 * <p>Planted for slices, explain and estimate: where {@link #DEGRADED_SLICE} meet (IN, android,
 * 18-24: three columns no {@code --slice-by} crosses), the labels ignore the user's propensity,
 * so every version's scores are noise there. In BR the app's model misreads cellular sessions
 * (web aside), and BR's cellular share grows from 10% to 80% over the week's last four days
 * ({@link #SHIFT_START}): the cause of BR's decay. Both draw on a random stream of their own, so
 * the rest of the logs are those of the demo without them. In {@link #NARROWED_SLICE} from the same
 * day only mid-range scores are served (a covariate shift). The labels that had arrived by the week's end go to
 * {@code labels_so_far.csv}: the last days' labels are still delayed there.
 */
public final class DemoData {
    public static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    /** The binary model of the demo; the feature logs are its features. */
    public static final String MATCH_MODEL = "match-success";
    /** The version of the match model serving as a canary. */
    public static final String CANARY_VERSION = "v3";

    public static final int DAYS = 7;
    /** An hour whose predictions the logger lost (their labels still arrive, as orphans). */
    public static final Instant LOST_HOUR = Instant.parse("2026-11-05T13:00:00Z");

    /** The three-column slice whose labels ignore the scores, as {@code slices} names it. */
    public static final String DEGRADED_SLICE = "country=IN,platform=android,age_band=18-24";
    /** The slice whose decay the network shift explains. */
    public static final String SHIFTED_SLICE = "country=BR";
    /**
     * The slice whose traffic narrows from {@link #SHIFT_START} on: only users the upstream
     * filter scores mid-range reach the matcher there, so its AUC falls while how labels follow
     * scores stays as it was (a covariate shift the label-free estimate follows).
     */
    public static final String NARROWED_SLICE = "country=US";
    /** The scores the narrowed slice is still served within. */
    private static final double NARROWED_LOW = 0.3;

    private static final double NARROWED_HIGH = 0.6;
    /** Where the rows no longer served go: drawn as before, so the rest of the logs stay as they were. */
    private static final BufferedWriter UNSERVED = new BufferedWriter(java.io.Writer.nullWriter());

    /** From this day on, BR's cellular share grows. */
    public static final Instant SHIFT_START = START.plus(Duration.ofDays(3));
    /** "Now" for {@code labels_so_far.csv}: the end of the logged week. */
    public static final Instant WEEK_END = START.plus(Duration.ofDays(DAYS));

    static final String[] COUNTRIES = {"US", "BR", "IN", "DE", "JP", "MX", "NG"};
    static final double[] COUNTRY_SHARE = {0.30, 0.20, 0.20, 0.10, 0.10, 0.06, 0.04};
    static final String[] PLATFORMS = {"ios", "android", "web"};
    static final double[] PLATFORM_SHARE = {0.45, 0.43, 0.12};
    static final String[] AGE_BANDS = {"18-24", "25-34", "35-44", "45+"};
    static final double[] AGE_SHARE = {0.35, 0.35, 0.20, 0.10};

    /** The peers the ranker picks its candidates from. */
    static final int PEERS = 3000;
    /** Interest groups the peers' vectors cluster around, and their vectors' dimensions. */
    private static final int INTERESTS = 6;

    private static final int PEER_DIM = 8;

    private final SplittableRandom random;
    /** The planted slice's labels and the network column. */
    private final SplittableRandom planted;
    /** The ranker's candidate peers and their vectors, apart so the rest of the logs stay as they were. */
    private final SplittableRandom peers;

    public DemoData(long seed) {
        this.random = new SplittableRandom(seed);
        this.planted = new SplittableRandom(seed + 1);
        this.peers = new SplittableRandom(seed + 3);
    }

    /** The files written, all under one folder. */
    public record Files4(
            Path predictions,
            Path labels,
            Path rankingPredictions,
            Path rankingLabels,
            Path featuresReference,
            Path featuresCurrent,
            Path featuresWeek,
            Path labelsSoFar,
            Path peerFeatures) {}

    public Files4 write(Path dir, int predictionsPerVersion, int rankingQueries) {
        try {
            Files.createDirectories(dir);
            Files4 files = new Files4(
                    dir.resolve("predictions.csv"),
                    dir.resolve("labels.csv"),
                    dir.resolve("ranking_predictions.jsonl"),
                    dir.resolve("ranking_labels.jsonl"),
                    dir.resolve("features_reference.csv"),
                    dir.resolve("features_current.csv"),
                    dir.resolve("features_week.csv"),
                    dir.resolve("labels_so_far.csv"),
                    dir.resolve("peer_features.csv"));
            try (BufferedWriter p = Files.newBufferedWriter(files.predictions());
                    BufferedWriter l = Files.newBufferedWriter(files.labels())) {
                p.write("prediction_id,ts,model,model_version,score,country,platform,age_band,network\n");
                l.write("prediction_id,label,label_ts\n");
                writeMatches(p, l, predictionsPerVersion);
            }
            try (BufferedWriter p = Files.newBufferedWriter(files.rankingPredictions());
                    BufferedWriter l = Files.newBufferedWriter(files.rankingLabels())) {
                writeRankings(p, l, rankingQueries);
            }
            try (BufferedWriter out = Files.newBufferedWriter(files.peerFeatures())) {
                writePeerFeatures(out);
            }
            try (BufferedWriter reference = Files.newBufferedWriter(files.featuresReference());
                    BufferedWriter current = Files.newBufferedWriter(files.featuresCurrent())) {
                writeFeatures(reference, predictionsPerVersion, false);
                writeFeatures(current, predictionsPerVersion / 6, true);
            }
            // The whole week in one file, for drift per day against the reference.
            List<String> week = new ArrayList<>(Files.readAllLines(files.featuresReference()));
            week.addAll(Files.readAllLines(files.featuresCurrent())
                    .subList(1, Files.readAllLines(files.featuresCurrent()).size()));
            Files.write(files.featuresWeek(), week);
            List<String> labels = Files.readAllLines(files.labels());
            List<String> soFar = new ArrayList<>(List.of(labels.get(0)));
            labels.stream()
                    .skip(1)
                    .filter(line -> Instant.parse(line.substring(line.lastIndexOf(',') + 1))
                            .isBefore(WEEK_END))
                    .forEach(soFar::add);
            Files.write(files.labelsSoFar(), soFar);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeMatches(BufferedWriter p, BufferedWriter l, int perVersion) throws IOException {
        for (String version : new String[] {"v1", "v2", CANARY_VERSION}) {
            // v1 the main version, v2 on test beside it, v3 a canary on 5% of the traffic
            int rows = version.equals(CANARY_VERSION)
                    ? perVersion / 10
                    : version.equals("v2") ? perVersion * 9 / 10 : perVersion;
            for (int i = 0; i < rows; i++) {
                String id = "match-" + version + "-" + i;
                Instant ts = START.plusSeconds(random.nextLong(DAYS * 86400L));
                boolean lost = !ts.isBefore(LOST_HOUR) && ts.isBefore(LOST_HOUR.plusSeconds(3600));
                int country = pick(COUNTRY_SHARE);
                int platform = pick(PLATFORM_SHARE);
                int age = pick(AGE_SHARE);
                // The user's true chance of a conversation, on the logit scale.
                double propensity = -0.6 + 0.25 * (country % 3) - 0.2 * age + Gaussian.draw(random);
                boolean web = platform == 2;
                String slices = COUNTRIES[country] + "," + PLATFORMS[platform] + "," + AGE_BANDS[age];
                boolean degraded = ("country=" + COUNTRIES[country] + ",platform=" + PLATFORMS[platform] + ",age_band="
                                + AGE_BANDS[age])
                        .equals(DEGRADED_SLICE);
                double u = random.nextDouble();
                double label = (degraded ? planted.nextDouble() < 0.5 : u < sigmoid(propensity)) ? 1 : 0;
                boolean br = SHIFTED_SLICE.equals("country=" + COUNTRIES[country]);
                double cellularShare = br && !ts.isBefore(SHIFT_START)
                        ? 0.1 + 0.7 * (ts.getEpochSecond() - SHIFT_START.getEpochSecond()) / (4 * 86400.0)
                        : 0.1;
                boolean cellular = planted.nextDouble() < cellularShare;
                boolean v2 = version.equals("v2");
                double signal = v2 ? (web ? 0.35 : 1.1) : version.equals(CANARY_VERSION) && web ? 0.35 : 0.8;
                if (br && cellular && !web) {
                    signal = -0.5 * signal; // the model misreads BR's cellular sessions
                }
                double score = sigmoid(signal * propensity + (v2 ? 0.6 : 0.9) * Gaussian.draw(random));
                slices += cellular ? ",cellular" : ",wifi";
                boolean served = !(NARROWED_SLICE.equals("country=" + COUNTRIES[country]) && !ts.isBefore(SHIFT_START))
                        || (score >= NARROWED_LOW && score <= NARROWED_HIGH);
                BufferedWriter predictions = served ? p : UNSERVED;
                if (!lost) {
                    predictions.write(String.format(
                            Locale.ROOT,
                            "%s,%s," + MATCH_MODEL + ",%s,%s,%s%n",
                            id,
                            badTimestampOr(ts),
                            version,
                            badScoreOr(score),
                            slices));
                }
                if (random.nextDouble() < 0.01) {
                    // The logger retried: the same prediction again, a few seconds later.
                    predictions.write(String.format(
                            Locale.ROOT,
                            "%s,%s," + MATCH_MODEL + ",%s,%.6f,%s%n",
                            id,
                            ts.plusSeconds(3),
                            version,
                            score,
                            slices));
                }
                writeLabels(served ? l : UNSERVED, id, ts, label);
            }
        }
        for (int i = 0; i < perVersion / 200; i++) {
            // Labels for predictions that were never logged.
            l.write(String.format(Locale.ROOT, "lost-%d,1,%s%n", i, START.plusSeconds(random.nextLong(DAYS * 86400L))));
        }
    }

    private void writeLabels(BufferedWriter l, String id, Instant ts, double label) throws IOException {
        double u = random.nextDouble();
        if (u < 0.10) {
            return; // never labelled: the user left before reacting
        }
        if (u < 0.102) {
            l.write(String.format(Locale.ROOT, "%s,%.0f,%s%n", id, label, ts.minusSeconds(600))); // clock skew
            return;
        }
        if (u < 0.13) {
            l.write(String.format(
                    Locale.ROOT, "%s,%.0f,%s%n", id, label, ts.plus(Duration.ofDays(8 + random.nextInt(5)))));
            return;
        }
        Instant arrival = ts.plusSeconds((long) (-Math.log(1 - random.nextDouble()) * 86400 * 0.7) % (6 * 86400));
        if (u < 0.15) {
            // A first label that was later corrected.
            l.write(String.format(Locale.ROOT, "%s,%.0f,%s%n", id, 1 - label, arrival));
            arrival = arrival.plusSeconds(3600);
        }
        l.write(String.format(Locale.ROOT, "%s,%.0f,%s%n", id, label, arrival));
    }

    private void writeRankings(BufferedWriter p, BufferedWriter l, int queries) throws IOException {
        for (int q = 0; q < queries; q++) {
            Instant ts = START.plusSeconds(random.nextLong(DAYS * 86400L));
            String platform = PLATFORMS[pick(PLATFORM_SHARE)];
            java.util.Set<Integer> candidates = new java.util.LinkedHashSet<>();
            while (candidates.size() < 8) {
                // a few peers are everyone's candidates: the popular end of a long tail
                candidates.add((int) (PEERS * Math.pow(peers.nextDouble(), 3)));
            }
            Integer[] peer = candidates.toArray(Integer[]::new);
            for (int item = 0; item < 8; item++) {
                double affinity = Gaussian.draw(random);
                int relevance = affinity > 1.6 ? 3 : affinity > 1.0 ? 2 : affinity > 0.3 ? 1 : 0;
                double score = Math.round((0.6 * affinity + 0.8 * Gaussian.draw(random)) * 100) / 100.0;
                String id = "rank-" + q + "-" + item;
                p.write(String.format(
                        Locale.ROOT,
                        "{\"prediction_id\":\"%s\",\"ts\":\"%s\",\"model\":\"peer-ranker\",\"model_version\":\"v3\",\"query_id\":\"q-%d\",\"item_id\":\"peer-%d\",\"score\":%s,\"platform\":\"%s\"}%n",
                        id,
                        ts,
                        q,
                        peer[item],
                        score,
                        platform));
                if (random.nextDouble() < 0.97) {
                    l.write(String.format(
                            Locale.ROOT,
                            "{\"prediction_id\":\"%s\",\"label\":%d,\"label_ts\":%d}%n",
                            id,
                            relevance,
                            ts.plusSeconds(60 + random.nextInt(86400)).toEpochMilli()));
                }
            }
        }
    }

    /** Each peer's vector: around its interest group's centre, the ranker's --item-features. */
    private void writePeerFeatures(BufferedWriter out) throws IOException {
        double[][] centres = new double[INTERESTS][PEER_DIM];
        for (double[] centre : centres) {
            for (int d = 0; d < PEER_DIM; d++) {
                centre[d] = Gaussian.draw(peers);
            }
        }
        StringBuilder header = new StringBuilder("item_id");
        for (int d = 0; d < PEER_DIM; d++) {
            header.append(",v").append(d);
        }
        out.write(header + "\n");
        for (int p = 0; p < PEERS; p++) {
            double[] centre = centres[p % INTERESTS];
            StringBuilder row = new StringBuilder("peer-" + p);
            for (int d = 0; d < PEER_DIM; d++) {
                row.append(String.format(Locale.ROOT, ",%.4f", centre[d] + 0.5 * Gaussian.draw(peers)));
            }
            out.write(row + "\n");
        }
    }

    /**
     * The match model's input features: six days of reference traffic, and a last day in which
     * sessions got longer (an app update) and a new platform, a TV app, appeared.
     */
    private void writeFeatures(BufferedWriter out, int rows, boolean lastDay) throws IOException {
        out.write("prediction_id,ts,session_minutes,messages_sent,photos,country,platform\n");
        for (int i = 0; i < rows; i++) {
            double minutes = Math.exp(2.3 + 0.6 * Gaussian.draw(random)) * (lastDay ? 1.35 : 1.0);
            int messages = (int) Math.floor(-Math.log(1 - random.nextDouble()) * 6);
            String platform = lastDay && random.nextDouble() < 0.04 ? "tv" : PLATFORMS[pick(PLATFORM_SHARE)];
            Instant ts = START.plusSeconds(
                    lastDay ? (DAYS - 1) * 86400L + random.nextLong(86400L) : random.nextLong((DAYS - 1) * 86400L));
            out.write(String.format(
                    Locale.ROOT,
                    "f-%s-%d,%s,%.2f,%d,%d,%s,%s%n",
                    lastDay ? "cur" : "ref",
                    i,
                    ts,
                    minutes,
                    messages,
                    random.nextInt(4),
                    COUNTRIES[pick(COUNTRY_SHARE)],
                    platform));
        }
    }

    private String badTimestampOr(Instant ts) {
        return random.nextDouble() < 0.0005 ? "2026-11-31T25:00:00Z" : ts.toString();
    }

    private String badScoreOr(double score) {
        double u = random.nextDouble();
        if (u < 0.0003) {
            return "NaN";
        }
        if (u < 0.0006) {
            return "1.7";
        }
        return String.format(Locale.ROOT, "%.6f", score);
    }

    private int pick(double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < shares.length - 1; i++) {
            u -= shares[i];
            if (u < 0) {
                return i;
            }
        }
        return shares.length - 1;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
