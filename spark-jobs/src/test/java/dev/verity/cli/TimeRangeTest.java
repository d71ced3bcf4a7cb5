package dev.verity.cli;

import static dev.verity.cli.RunOverParts.evaluate;
import static dev.verity.cli.RunOverParts.metrics;
import static dev.verity.cli.RunOverParts.quarantine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verity.jobs.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate --from/--until: day by day, the runs over ranges leave the store with the metric rows
 * and quarantine of one run over everything, each range's accounting balances, a rerun of a range
 * counts nothing twice, a range that splits a window is refused, and date partitions outside the
 * range are never opened.
 */
class TimeRangeTest {
    private static final List<String> DAYS = List.of("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04");

    @TempDir
    Path dir;

    @Test
    void dayByDayRangesGiveTheStoreOfOneFullRun() throws Exception {
        Path predictions = dir.resolve("p.csv");
        Path labels = dir.resolve("l.csv");
        writeLogs(predictions, labels);
        String full = dir.resolve("full").toString();
        String ranged = dir.resolve("ranged").toString();
        JsonNode all = evaluate(predictions, labels, full);

        long read = 0;
        long evaluated = 0;
        long duplicates = 0;
        long unlabeled = 0;
        long used = 0;
        for (int day = 0; day < DAYS.size(); day++) {
            String until = day + 1 < DAYS.size() ? DAYS.get(day + 1) : "2026-11-05";
            JsonNode run = evaluate(predictions, labels, ranged, "--from", DAYS.get(day), "--until", until);
            assertThat(run.get("predictions_read").asLong())
                    .isEqualTo(run.get("predictions_quarantined").asLong()
                            + run.get("duplicate_predictions").asLong()
                            + run.get("unlabeled").asLong()
                            + run.get("evaluated").asLong());
            assertThat(run.get("labels_read").asLong())
                    .as(run.toString())
                    .isEqualTo(List.of(
                                    "labels_quarantined",
                                    "late_labels",
                                    "invalid_labels",
                                    "orphan_labels",
                                    "labels_outside_range",
                                    "superseded_labels",
                                    "labels_used")
                            .stream()
                            .mapToLong(c -> run.get(c).asLong())
                            .sum());
            assertThat(run.get("orphan_labels").asLong())
                    .as("a range cannot tell an orphan")
                    .isZero();
            read += run.get("predictions_read").asLong()
                    - run.path("quarantined_by_reason")
                            .path("predictions:bad_timestamp")
                            .asLong();
            evaluated += run.get("evaluated").asLong();
            duplicates += run.get("duplicate_predictions").asLong();
            unlabeled += run.get("unlabeled").asLong();
            used += run.get("labels_used").asLong();
        }
        // the unreadable timestamp is quarantined by every range; the rest once, in its range
        assertThat(read)
                .isEqualTo(all.get("predictions_read").asLong()
                        - all.path("quarantined_by_reason")
                                .path("predictions:bad_timestamp")
                                .asLong());
        assertThat(evaluated).isEqualTo(all.get("evaluated").asLong());
        assertThat(duplicates).isEqualTo(all.get("duplicate_predictions").asLong());
        assertThat(unlabeled).isEqualTo(all.get("unlabeled").asLong());
        assertThat(used).isEqualTo(all.get("labels_used").asLong());

        assertThat(metrics(ranged)).isEqualTo(metrics(full));
        assertThat(quarantine(ranged)).isEqualTo(quarantine(full)).isNotEmpty();

        // a range run again: the same store, nothing counted twice
        evaluate(predictions, labels, ranged, "--from", DAYS.get(1), "--until", DAYS.get(2));
        assertThat(metrics(ranged)).isEqualTo(metrics(full));
        assertThat(quarantine(ranged)).isEqualTo(quarantine(full));
    }

    @Test
    void aRangeThatSplitsAWindowIsRefused() throws Exception {
        Path predictions = dir.resolve("p.csv");
        Path labels = dir.resolve("l.csv");
        writeLogs(predictions, labels);
        CliRunner.Result r = CliRunner.run(CliRunner.evaluate(
                predictions.toString(),
                labels.toString(),
                dir.resolve("s").toString(),
                "--from",
                "2026-11-01T12:00:00Z"));
        assertThat(r.code()).isEqualTo(Verity.BAD_INPUT);
        assertThat(r.err()).contains("2026-11-01T12:00:00Z splits a 1d window");
        assertThat(CliRunner.run(CliRunner.evaluate(
                                predictions.toString(),
                                labels.toString(),
                                dir.resolve("s").toString(),
                                "--from",
                                "2026-11-03",
                                "--until",
                                "2026-11-02"))
                        .code())
                .isEqualTo(Verity.BAD_INPUT);
    }

    @Test
    void datePartitionsOutsideTheRangeAreNeverOpened() throws Exception {
        Path predictions = dir.resolve("p.csv");
        Path labels = dir.resolve("l.csv");
        writeLogs(predictions, labels);
        // the logs as Hive-style day folders; a day outside the range holds a file that is not Parquet
        TestSpark.spark()
                .read()
                .option("header", "true")
                .csv(predictions.toString())
                .withColumn(
                        "dt", org.apache.spark.sql.functions.substring(org.apache.spark.sql.functions.col("ts"), 1, 10))
                .write()
                .partitionBy("dt")
                .parquet(dir.resolve("by-day").toString());
        Path broken = dir.resolve("by-day").resolve("dt=2026-11-04").resolve("part-zzz-broken.parquet");
        Files.writeString(broken, "not parquet");
        CliRunner.Result outside = CliRunner.run(CliRunner.evaluate(
                dir.resolve("by-day").toString(),
                labels.toString(),
                dir.resolve("s1").toString(),
                "--from",
                "2026-11-01",
                "--until",
                "2026-11-03"));
        assertThat(outside.code()).as(outside.err()).isZero();
        CliRunner.Result inside = CliRunner.run(CliRunner.evaluate(
                dir.resolve("by-day").toString(),
                labels.toString(),
                dir.resolve("s2").toString()));
        assertThat(inside.code())
                .as("the broken file is read without the range")
                .isNotZero();
    }

    /**
     * Four days of predictions (duplicates within a day, a bad score, an unreadable timestamp) and
     * labels (corrections, some late, some before their prediction, orphans), label window 2 days.
     */
    private static void writeLogs(Path predictions, Path labels) throws Exception {
        Random random = new Random(7);
        List<String> p = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,country"));
        List<String> l = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int day = 0; day < DAYS.size(); day++) {
            for (int i = 0; i < 150; i++) {
                String id = "d" + day + "p" + i;
                String ts = DAYS.get(day) + "T" + String.format("%02d", i % 24) + ":00:00Z";
                double score = Math.round(random.nextDouble() * 100) / 100.0;
                p.add(id + "," + ts + ",m,v1," + score + "," + (i % 3 == 0 ? "BR" : "US"));
                if (i % 25 == 0) {
                    p.add(id + "," + ts.replace(":00:00Z", ":30:00Z") + ",m,v1,0.5,US"); // a later duplicate
                }
                int label = random.nextDouble() < score ? 1 : 0;
                long delayHours = i % 17 == 0 ? 60 : i % 29 == 0 ? -2 : 1 + i % 30; // late, invalid, counting
                l.add(id + "," + label + "," + java.time.Instant.parse(ts).plusSeconds(delayHours * 3600));
                if (i % 20 == 0) { // a correction a day later
                    l.add(id + "," + (1 - label) + ","
                            + java.time.Instant.parse(ts).plusSeconds(25 * 3600));
                }
            }
            l.add("orphan" + day + ",1," + DAYS.get(day) + "T05:00:00Z");
        }
        p.add("bad-score,2026-11-02T03:00:00Z,m,v1,high,US");
        p.add("bad-ts,yesterday,m,v1,0.4,US");
        Files.write(predictions, p);
        Files.write(labels, l);
    }
}
