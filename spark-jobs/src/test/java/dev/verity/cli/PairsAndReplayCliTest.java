package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit codes and fault messages of pairs, train and replay. */
class PairsAndReplayCliTest {
    @TempDir
    Path dir;

    @Test
    void pairsPrintsEachUsersTopKAsCsv() {
        Path e = TestSpark.write(dir, "pool.csv", "user_id,v0,v1", "a,1,0", "b,0,1", "c,1,1", "d,-1,0");
        CliRunner.Result r = CliRunner.run(
                "pairs", "--embeddings", e.toString(), "--top-k", "2", "--block-size", "3", "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .startsWith(
                        "user_id,peer_id,score,rank",
                        "a,c,1.0,1",
                        "a,b,0.0,2",
                        "b,c,1.0,1",
                        "b,a,0.0,2",
                        "c,a,1.0,1",
                        "c,b,1.0,2");
    }

    @Test
    void outOfACsvOrJsonNameWritesThatOneFileAndReplacesIt() throws Exception {
        Path e = TestSpark.write(dir, "pool.csv", "user_id,v0,v1", "a,1,0", "b,0,1", "c,1,1", "d,-1,0");
        Path csv = dir.resolve("top.csv");
        for (int run = 0; run < 2; run++) { // the second run replaces the file
            CliRunner.Result r =
                    CliRunner.run("pairs", "--embeddings", e.toString(), "--top-k", "2", "--out", csv.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(csv).isRegularFile();
            assertThat(java.nio.file.Files.readAllLines(csv))
                    .hasSize(1 + 8)
                    .startsWith("user_id,peer_id,score,rank", "a,c,1.0,1");
        }
        Path json = dir.resolve("top.json");
        CliRunner.Result r =
                CliRunner.run("pairs", "--embeddings", e.toString(), "--top-k", "1", "--out", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(java.nio.file.Files.readAllLines(json))
                .hasSize(4)
                .first()
                .asString()
                .startsWith("{\"user_id\":\"a\",\"peer_id\":\"c\"");
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .as("no folder of parts left beside")
                    .containsExactlyInAnyOrder("pool.csv", "top.csv", "top.json");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "short row|a,1,2,3;b,1,2|line 3 (user_id b): 2 vector values, expected 3",
                "long row|a,1,2,3;b,1,2,3,4|line 3 (user_id b): 4 vector values, expected 3",
                "not a number|a,1,2,3;b,1,x,3|line 3 (user_id b), column v1: 'x' is not a number",
                "duplicate id|a,1,2,3;b,1,2,3;a,0,0,0|user_id 'a' appears twice (line 2 and line 4)",
                "empty value|a,1,,3|line 2 (user_id a), column v1: empty",
                "line after a quoted newline|\"a~b\",1,2,3;c,1,x,3|line 4 (user_id c), column v1: 'x' is not a number",
                "quoted comma and doubled quote|\"x,\"\"y\"\"\",1,2,3;d,1,2|line 3 (user_id d): 2 vector values, expected 3"
            })
    void badEmbeddingsExitWithTwoAndNameTheLine(String name, String rows, String message) {
        // ~ stands for a newline inside a quoted field
        String[] lines = ("user_id,v0,v1,v2;" + rows.replace("~", "\n")).split(";");
        Path e = TestSpark.write(dir, "bad.csv", lines);
        CliRunner.Result r = CliRunner.run("pairs", "--embeddings", e.toString(), "--top-k", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @Test
    void aFolderThatIsNotAModelExitsWithTwo() {
        Path traffic = TestSpark.write(dir, "t.csv", "prediction_id,score,x", "a,0.5,1");
        CliRunner.Result r = CliRunner.run("replay", "--model", dir.toString(), "--traffic", traffic.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a Verity model");
    }

    @Test
    void trainingRejectsALabelThatIsNotZeroOrOne() {
        Path data = TestSpark.write(dir, "d.csv", "prediction_id,x,label", "a,1,0", "b,2,1", "c,3,yes");
        CliRunner.Result r = CliRunner.run(
                "train",
                "--data",
                data.toString(),
                "--features",
                "x",
                "--label",
                "label",
                "--model-out",
                dir.resolve("m").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("prediction_id c, column label: 'yes' is not a 0/1 label");
    }
}
