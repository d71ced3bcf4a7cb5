package dev.verity.cli;

import static dev.verity.cli.RunOverParts.evaluate;
import static dev.verity.cli.RunOverParts.metrics;
import static dev.verity.cli.RunOverParts.quarantine;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verity.jobs.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate --incremental against a full run over the same files, step by step: a first run, a
 * new day of predictions and labels, a label file replaced, a prediction file deleted, and no
 * change at all. After each step the store holds the metric rows and quarantine of one full run
 * over the files as they are, and the incremental run read only the files it had to.
 */
class IncrementalEvaluateTest {

    @TempDir
    Path dir;

    @Test
    void eachStepLeavesTheStoreOfAFullRunOverTheFilesAsTheyAre() throws Exception {
        Path predictions = Files.createDirectories(dir.resolve("predictions"));
        Path labels = Files.createDirectories(dir.resolve("labels"));
        for (int day = 1; day <= 5; day++) {
            writeDay(predictions, labels, day, 0);
        }
        String incremental = dir.resolve("incremental").toString();

        JsonNode first = evaluate(predictions, labels, incremental, "--incremental");
        assertThat(first.get("predictions_read").asLong()).isEqualTo(5 * 121L);
        assertSameAsFullRun(predictions, labels, incremental, "first");

        writeDay(predictions, labels, 6, 0); // a new day arrives
        JsonNode next = evaluate(predictions, labels, incremental, "--incremental");
        // the new labels reach back one label window (2 days): days 4 to 6 are read, not 1 to 3
        assertThat(next.get("predictions_read").asLong()).isEqualTo(3 * 121L);
        assertSameAsFullRun(predictions, labels, incremental, "new day");

        writeLabels(labels, 2, 1); // day 2's labels corrected
        evaluate(predictions, labels, incremental, "--incremental");
        assertSameAsFullRun(predictions, labels, incremental, "replaced");

        Files.delete(predictions.resolve("day3.csv")); // day 3's predictions withdrawn
        evaluate(predictions, labels, incremental, "--incremental");
        assertSameAsFullRun(predictions, labels, incremental, "deleted");

        JsonNode unchanged = evaluate(predictions, labels, incremental, "--incremental");
        assertThat(unchanged.get("predictions_read").asLong()).isZero();
        assertSameAsFullRun(predictions, labels, incremental, "unchanged");
    }

    @Test
    void deltaTablesAreFollowedByTheirFilesStatistics() throws Exception {
        Path csvPredictions = Files.createDirectories(dir.resolve("csv-predictions"));
        Path csvLabels = Files.createDirectories(dir.resolve("csv-labels"));
        String predictions = dir.resolve("predictions-table").toString();
        String labels = dir.resolve("labels-table").toString();
        for (int day = 1; day <= 5; day++) {
            writeDay(csvPredictions, csvLabels, day, 0);
            appendDay(csvPredictions, csvLabels, day, predictions, labels);
        }
        TestSpark.spark()
                .sql("ALTER TABLE delta.`" + predictions
                        + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        String incremental = dir.resolve("incremental").toString();

        evaluate(Path.of(predictions), Path.of(labels), incremental, "--incremental");
        assertSameAsFullRun(Path.of(predictions), Path.of(labels), incremental, "delta first");

        writeDay(csvPredictions, csvLabels, 6, 0);
        appendDay(csvPredictions, csvLabels, 6, predictions, labels);
        JsonNode next = evaluate(Path.of(predictions), Path.of(labels), incremental, "--incremental");
        // days 4 to 6, and the rows no time places, which every run quarantines (days 1 to 3: one each)
        assertThat(next.get("predictions_read").asLong()).isEqualTo(3 * 121L + 3);
        assertSameAsFullRun(Path.of(predictions), Path.of(labels), incremental, "delta new day");

        // rows of day 2 deleted (a deletion vector), day 3's labels updated (files rewritten)
        TestSpark.spark().sql("DELETE FROM delta.`" + predictions + "` WHERE prediction_id LIKE 'd2p1%'");
        TestSpark.spark().sql("UPDATE delta.`" + labels + "` SET label = 1 - label WHERE prediction_id LIKE 'd3p2%'");
        evaluate(Path.of(predictions), Path.of(labels), incremental, "--incremental");
        assertSameAsFullRun(Path.of(predictions), Path.of(labels), incremental, "delta deleted and updated");

        JsonNode unchanged = evaluate(Path.of(predictions), Path.of(labels), incremental, "--incremental");
        assertThat(unchanged.get("predictions_read").asLong()).isZero();
        assertSameAsFullRun(Path.of(predictions), Path.of(labels), incremental, "delta unchanged");
    }

    /** Appends one day of the CSV logs to two Delta tables, their times as timestamps and labels as numbers. */
    private static void appendDay(Path csvPredictions, Path csvLabels, int day, String predictions, String labels) {
        String file = "day" + day + ".csv";
        TestSpark.spark()
                .read()
                .option("header", "true")
                .csv(csvPredictions.resolve(file).toString())
                .withColumn("ts", expr("try_cast(ts AS timestamp)"))
                .write()
                .format("delta")
                .mode("append")
                .save(predictions);
        TestSpark.spark()
                .read()
                .option("header", "true")
                .csv(csvLabels.resolve(file).toString())
                .withColumn("label_ts", expr("try_cast(label_ts AS timestamp)"))
                .withColumn("label", expr("try_cast(label AS int)"))
                .write()
                .format("delta")
                .mode("append")
                .save(labels);
    }

    /**
     * One day: 120 predictions (one duplicate, one unreadable score, one unreadable time),
     * their labels (some a day late, some past the 2-day label window, corrections, an orphan).
     */
    private static void writeDay(Path predictions, Path labels, int day, int version) throws Exception {
        Random random = new Random(day);
        List<String> p = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,country"));
        for (int i = 0; i < 118; i++) {
            double score = Math.round(random.nextDouble() * 1000) / 1000.0;
            p.add(id(day, i) + "," + ts(day, i) + ",m,v1," + score + "," + (i % 3 == 0 ? "BR" : "US"));
        }
        p.add(id(day, 5) + "," + ts(day, 7) + ",m,v1,0.5,US"); // a later duplicate
        p.add("bad" + day + "," + ts(day, 1) + ",m,v1,high,US");
        p.add("untimed" + day + ",sometime,m,v1,0.3,US");
        Files.write(predictions.resolve("day" + day + ".csv"), p);
        writeLabels(labels, day, version);
    }

    private static void writeLabels(Path labels, int day, int version) throws Exception {
        Random random = new Random(100 * day + version);
        List<String> l = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int i = 0; i < 118; i++) {
            long hours = i % 13 == 0 ? 60 : i % 5 == 0 ? 30 : 2; // past the window, a day late, soon
            l.add(id(day, i) + "," + random.nextInt(2) + ","
                    + Instant.parse(ts(day, i)).plusSeconds(hours * 3600));
            if (i % 17 == 0) {
                l.add(id(day, i) + "," + random.nextInt(2) + ","
                        + Instant.parse(ts(day, i)).plusSeconds(20 * 3600));
            }
        }
        l.add("orphan" + day + ",1," + ts(day, 3));
        Files.write(labels.resolve("day" + day + ".csv"), l);
    }

    private static String id(int day, int i) {
        return "d" + day + "p" + i;
    }

    private static String ts(int day, int i) {
        return String.format("2026-11-%02dT%02d:%02d:00Z", day, i % 24, i % 60);
    }

    private void assertSameAsFullRun(Path predictions, Path labels, String incremental, String step) throws Exception {
        String full = dir.resolve("full-" + step).toString();
        evaluate(predictions, labels, full);
        assertThat(metrics(incremental)).as(step).isEqualTo(metrics(full));
        assertThat(quarantine(incremental)).as(step).isEqualTo(quarantine(full));
    }
}
