package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented path through the CLI: train a model, score traffic with it, replay score's own
 * output (untouched: no mismatch; with scores altered: exactly those rows). No column of
 * Verity's own leaves it, and a log column named like Spark's internal one is an ordinary column.
 */
class TrainScoreReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void replayOfScoresOwnOutputFindsExactlyTheAlteredRows() throws Exception {
        List<String> data = new ArrayList<>(List.of("prediction_id,x1,x2,label"));
        List<String> traffic = new ArrayList<>(List.of("prediction_id,x1,x2,_corrupt_record"));
        for (int i = 0; i < 200; i++) {
            double x1 = (i % 17) / 17.0;
            double x2 = (i * 7 % 13) / 13.0;
            data.add("t" + i + "," + x1 + "," + x2 + "," + (x1 + x2 > 1 ^ i % 11 == 0 ? 1 : 0));
            traffic.add("p" + i + "," + x2 + "," + x1 + ",note " + i);
        }
        Path model = dir.resolve("model");
        CliRunner.Result train = CliRunner.run(
                "train",
                "--data",
                TestSpark.write(dir, "train.csv", data.toArray(String[]::new)).toString(),
                "--features",
                "x1,x2",
                "--label",
                "label",
                "--model-out",
                model.toString());
        assertThat(train.code()).as(train.err()).isZero();

        Path scored = dir.resolve("scored.csv");
        CliRunner.Result score = CliRunner.run(
                "score",
                "--model",
                model.toString(),
                "--input",
                TestSpark.write(dir, "traffic.csv", traffic.toArray(String[]::new))
                        .toString(),
                "--out",
                scored.toString());
        assertThat(score.code()).as(score.err()).isZero();
        assertThat(scored).isRegularFile(); // the one file asked for, not Spark's folder of parts
        List<String> lines = Files.readAllLines(scored);
        assertThat(lines.get(0)).isEqualTo("prediction_id,x1,x2,_corrupt_record,score");
        assertThat(lines).hasSize(201).element(6).asString().startsWith("p5,").contains(",note 5,");

        assertThat(replay(model, scored)).isEmpty();

        List<String> altered = new ArrayList<>(lines);
        for (int row : List.of(3, 50, 199)) {
            String line = altered.get(row + 1);
            altered.set(row + 1, line.substring(0, line.lastIndexOf(',') + 1) + "0.123");
        }
        Path edited = TestSpark.write(dir, "edited.csv", altered.toArray(String[]::new));
        assertThat(replay(model, edited)).containsExactlyInAnyOrder("p3", "p50", "p199");

        // a record short of a field is not scored into a row of nulls
        Path malformed = TestSpark.write(dir, "malformed.csv", "prediction_id,x1,x2", "q1,0.1,0.2", "q2,0.3");
        CliRunner.Result refused = CliRunner.run(
                "score",
                "--model",
                model.toString(),
                "--input",
                malformed.toString(),
                "--out",
                dir.resolve("never.csv").toString());
        assertThat(refused.code()).isEqualTo(Verity.BAD_INPUT);
        assertThat(refused.err()).contains("malformed.csv: a malformed record").contains("'q2,0.3'");
        assertThat(dir.resolve("never.csv")).doesNotExist();
    }

    /** The prediction ids replay names as mismatched. */
    private static List<String> replay(Path model, Path traffic) throws Exception {
        CliRunner.Result r = CliRunner.run(
                "replay", "--model", model.toString(), "--traffic", traffic.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.fieldNames())
                .toIterable()
                .contains("run_id", "max_abs_difference", "live_missing")
                .allMatch(key -> key.matches("[a-z0-9_]+"), "snake_case, as every command's JSON");
        return StreamSupport.stream(report.get("mismatched").spliterator(), false)
                .map(m -> m.get("prediction_id").asText())
                .toList();
    }
}
