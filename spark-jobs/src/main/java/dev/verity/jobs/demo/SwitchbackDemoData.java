package dev.verity.jobs.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The demo's switch-back test: the app's live matcher pairs users waiting in one pool, so no user
 * can be put in an arm; for the week the whole matcher alternated hourly between v1 (even hours)
 * and v2 (odd hours). Each logged suggestion's label says whether the match was made. v2 makes
 * {@link #PLANTED_EFFECT} more matches; the match rate follows the time of day, and in the first
 * {@link #SETTLING_SECONDS} after each switch the pool rebalances and matches come easier for
 * both versions (what the burn-in drops).
 */
public final class SwitchbackDemoData {
    public static final String MODEL = "live-matcher";
    public static final String CONTROL = "v1";
    public static final String TREATMENT = "v2";
    public static final long PERIOD_SECONDS = 3600;
    public static final long SETTLING_SECONDS = 600;
    /** v2's match rate minus v1's, outside the settling minutes. */
    public static final double PLANTED_EFFECT = 0.02;

    private static final double BASE_RATE = 0.30;
    private static final double DAILY_SWING = 0.04;
    private static final double SETTLING_RATE = 0.45;

    private final SplittableRandom random;

    public SwitchbackDemoData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public record Inputs(Path predictions, Path labels) {}

    /** Writes {@code perHour} suggestions for each hour of the demo's week, and their outcomes. */
    public Inputs write(Path dir, int perHour) {
        Inputs files = new Inputs(dir.resolve("switchback_predictions.csv"), dir.resolve("switchback_labels.csv"));
        try {
            Files.createDirectories(dir);
            try (BufferedWriter p = Files.newBufferedWriter(files.predictions());
                    BufferedWriter l = Files.newBufferedWriter(files.labels())) {
                p.write("prediction_id,ts,model,model_version,score\n");
                l.write("prediction_id,label,label_ts\n");
                for (int hour = 0; hour < DemoData.DAYS * 24; hour++) {
                    String version = hour % 2 == 0 ? CONTROL : TREATMENT;
                    double rate = BASE_RATE
                            + DAILY_SWING * Math.sin(2 * Math.PI * (hour % 24) / 24.0)
                            + (version.equals(TREATMENT) ? PLANTED_EFFECT : 0);
                    for (int i = 0; i < perHour; i++) {
                        long second = random.nextLong(PERIOD_SECONDS);
                        boolean matched = random.nextDouble() < (second < SETTLING_SECONDS ? SETTLING_RATE : rate);
                        double score = 1 / (1 + Math.exp(0.85 - 1.4 * (matched ? 1 : 0) - Gaussian.draw(random)));
                        Instant ts = DemoData.START.plusSeconds(hour * PERIOD_SECONDS + second);
                        String id = "sb-" + hour + "-" + i;
                        p.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%.6f%n", id, ts, MODEL, version, score));
                        if (random.nextDouble() < 0.97) {
                            // the outcome is known within two hours; a few never report back
                            l.write(String.format(
                                    Locale.ROOT,
                                    "%s,%d,%s%n",
                                    id,
                                    matched ? 1 : 0,
                                    ts.plusSeconds(60 + random.nextLong(7200))));
                        }
                    }
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
