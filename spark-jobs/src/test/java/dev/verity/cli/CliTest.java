package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.TestSpark;
import dev.verity.metrics.BinaryMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Exit codes and messages of the command line, run in-process. */
class CliTest {

    @TempDir
    Path dir;

    static CliRunner.Result run(String... args) {
        return CliRunner.run(args);
    }

    private String[] evaluate(String predictions, String labels, String... extra) {
        return CliRunner.evaluate(predictions, labels, dir.resolve("store").toString(), extra);
    }

    private Path labels() {
        return TestSpark.write(dir, "labels.csv", "prediction_id,label,label_ts", "a,1,2026-11-01T01:00:00Z");
    }

    static java.util.stream.Stream<String> commands() {
        return Verity.commandLine().getSubcommands().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelp(String command) {
        assertThat(run(command, "--help").code()).isZero();
        assertThat(Verity.commandLine().getSubcommands().get(command).getUsageMessage())
                .contains("Usage: verity " + command);
    }

    @Test
    void eachCommandsHelpSaysWhatItsSharedOptionsDoThere() {
        Map<String, CommandLine> commands = Verity.commandLine().getSubcommands();
        assertThat(commands.get("advise").getUsageMessage())
                .contains("rollback")
                .contains("retrain")
                .doesNotContain("data-loss");
        assertThat(commands.get("drift").getUsageMessage()).doesNotContain("rollback");
        assertThat(commands.get("metrics").getUsageMessage()).contains("openmetrics");
        commands.forEach((name, command) -> {
            if (!name.equals("metrics")) {
                assertThat(command.getUsageMessage()).as(name).doesNotContain("openmetrics");
            }
        });
        assertThat(run("advise", "--store", dir.toString(), "--model", "m", "--fail-on", "drift")
                        .err())
                .contains("--fail-on drift: advise cannot find that; it finds retrain, rollback, quality-drop");
    }

    @Test
    void aMisspeltChoiceIsNamedInLowerCaseWithTheNearest() {
        CliRunner.Result task = run(
                "evaluate",
                "--predictions",
                "p.csv",
                "--labels",
                "l.csv",
                "--store",
                dir.resolve("s").toString(),
                "--task",
                "binnary");
        assertThat(task.code()).isEqualTo(2);
        assertThat(task.err()).contains("'binnary' is not one of binary, ranking, regression (nearest: binary)");
        CliRunner.Result format = run("runs", "--store", dir.toString(), "--format", "jsn");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("'jsn' is not one of table, csv, json, jsonl, openmetrics (nearest: json)");
        assertThat(run("runs", "--store", dir.toString(), "--format", "CSV").err())
                .doesNotContain("is not one of");
    }

    @Test
    void missingColumnNamesTheFileAndTheColumn() {
        Path predictions =
                TestSpark.write(dir, "p.csv", "prediction_id,ts,model,model_version", "a,2026-11-01T00:00:00Z,m,v1");
        CliRunner.Result result = run(evaluate(predictions.toString(), labels().toString()));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains(predictions.toString()).contains("column 'score' is missing");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void missingSliceColumnIsAlsoNamed() {
        Path predictions = TestSpark.write(
                dir, "p.csv", "prediction_id,ts,model,model_version,score", "a,2026-11-01T00:00:00Z,m,v1,0.5");
        CliRunner.Result result = run(evaluate(predictions.toString(), labels().toString(), "--slice-by", "country"));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("column 'country' is missing");
    }

    @Test
    void missingAndUnreadableFilesAreBadInput() throws Exception {
        CliRunner.Result missing = run(evaluate(dir.resolve("nope.csv").toString(), labels().toString()));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.csv: no such file or folder");

        Path garbage = dir.resolve("broken.parquet");
        Files.write(garbage, "this is not parquet".getBytes(StandardCharsets.UTF_8));
        CliRunner.Result broken = run(evaluate(garbage.toString(), labels().toString()));
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("broken.parquet: cannot read as parquet");

        Path unknown = TestSpark.write(dir, "p.txt", "x");
        assertThat(run(evaluate(unknown.toString(), labels().toString())).err()).contains("pass --input-format");
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        String p = dir.resolve("p.csv").toString();
        String l = dir.resolve("l.csv").toString();
        assertThat(run(evaluate(p, l, "--window", "2d")).err())
                .contains("'--window': '2d' is not one of 1h, 1d, 7d, all");
        assertThat(run(evaluate(p, l, "--window", "2d")).code()).isEqualTo(2);
        assertThat(run(evaluate(p, l, "--label-window", "soon")).code()).isEqualTo(2);
        assertThat(run(evaluate(p, l, "--cross", "country")).err())
                .contains("--cross: 'country' is not of the form a:b");
        assertThat(run("evaluate", "--predictions", p).code()).isEqualTo(2);
        assertThat(run("evaluate", "--predictions", p, "--labels", l, "--store", "s", "--task", "clustering")
                        .err())
                .contains("'--task'")
                .contains("'clustering'");
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("metrics", "--store", dir.resolve("none").toString()).code())
                .isEqualTo(2);
    }

    @Test
    void evaluateThenReadTheStoreAsCsvJsonAndTable() throws Exception {
        Path predictions = TestSpark.write(
                dir,
                "p.csv",
                "prediction_id,ts,model,model_version,score",
                "a,2026-11-01T00:00:00Z,m,v1,0.8",
                "b,2026-11-01T00:30:00Z,m,v1,0.3",
                "c,2026-11-01T00:40:00Z,m,v1,0.6");
        Path labels = TestSpark.write(
                dir,
                "l.csv",
                "prediction_id,label,label_ts",
                "a,1,2026-11-01T01:00:00Z",
                "b,0,2026-11-01T01:00:00Z",
                "c,0,2026-11-01T01:00:00Z");
        CliRunner.Result evaluated = run(evaluate(predictions.toString(), labels.toString()));
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("3 read = 3 evaluated");

        String store = dir.resolve("store").toString();
        CliRunner.Result csv = run("metrics", "--store", store, "--format", "csv", "--metric", "auc");
        assertThat(csv.out().lines().findFirst().orElseThrow())
                .startsWith("model,model_version,task,window_start,window_end,slice,metric,value,n");
        assertThat(csv.out()).contains("m,v1,binary,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,all,auc,1.0,3");

        JsonNode json = new ObjectMapper()
                .readTree(run("metrics", "--store", store, "--format", "json").out());
        // every binary metric, the labelled share, and three points for each of the three calibration bins
        // three rows fill
        assertThat(json.size()).isEqualTo(BinaryMetrics.NAMES.size() + 1 + 3 * 3);
        assertThat(json.get(0).get("window_start").asText()).isEqualTo("2026-11-01T00:00:00Z");

        assertThat(run("metrics", "--store", store).out())
                .contains("auc_ci_low")
                .contains("1.0000");

        JsonNode runs = new ObjectMapper()
                .readTree(run("runs", "--store", store, "--format", "json").out());
        assertThat(runs.get(0).get("predictions_read").asLong()).isEqualTo(3);
        assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(runs.get(0).get("command").asText()).startsWith("verity evaluate --predictions ");
        assertThat(runs.get(0).get("job").asText()).isEqualTo("evaluate");

        // a misspelt filter, or a time before the store's first metrics, is an error naming what it holds
        CliRunner.Result metric = run("metrics", "--store", store, "--metric", "aucc");
        assertThat(metric.code()).isEqualTo(2);
        assertThat(metric.err()).contains("no metric 'aucc' in the store; nearest: auc, ");
        assertThat(run("metrics", "--store", store, "--model", "mm").err())
                .contains("no model 'mm' in the store; nearest: m");
        assertThat(run("metrics", "--store", store, "--model", "m", "--model-version", "v2")
                        .err())
                .contains("no model version 'v2' in the store; nearest: v1");
        CliRunner.Result before = run("metrics", "--store", store, "--as-of", "2020-01-01");
        assertThat(before.code()).isEqualTo(2);
        assertThat(before.err()).contains("--as-of 2020-01-01: ").contains("held no metrics yet");
        CliRunner.Result future = run("metrics", "--store", store, "--as-of", "2999-01-01");
        assertThat(future.code()).isEqualTo(2);
        assertThat(future.err()).contains("--as-of 2999-01-01: a time to come; the store's history ends now");
    }

    @Test
    void failOnExitsThreeWhenTheCommandFoundIt() {
        Path reference = TestSpark.write(dir, "ref.csv", "x,c", "1,a", "2,a", "3,b", "4,b", "5,a", "6,b");
        Path current = TestSpark.write(dir, "cur.csv", "x,c", "7,a", "8,c", "9,c", "10,c", "11,a", "12,c");
        String[] base = {"drift", "--reference", reference.toString(), "--numeric", "x", "--categorical", "c"};
        String[] drifted = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(base),
                        java.util.stream.Stream.of("--current", current.toString(), "--fail-on", "drift"))
                .toArray(String[]::new);
        assertThat(run(drifted).code()).isEqualTo(3);
        String[] same = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(base),
                        java.util.stream.Stream.of("--current", reference.toString(), "--fail-on", "drift"))
                .toArray(String[]::new);
        assertThat(run(same).code()).isZero();
        CliRunner.Result wrong = run(
                "drift", "--reference", reference.toString(), "--current", current.toString(), "--fail-on", "mismatch");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("--fail-on mismatch: drift cannot find that; it finds drift");
        CliRunner.Result unknown = run("drift", "--current", current.toString(), "--fail-on", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("'nope' is not one of drift, data-loss, mismatch, retrain, rollback, quality-drop");
    }

    @Test
    void aConfFileGivesTheEvaluationAndFlagsWin() throws Exception {
        Path predictions = dev.verity.jobs.TestSpark.write(
                dir,
                "p.csv",
                "prediction_id,ts,model,model_version,score,country,platform",
                "a,2026-11-01T10:00:00Z,m,v1,0.9,US,ios",
                "b,2026-11-01T11:00:00Z,m,v1,0.2,BR,ios",
                "c,2026-11-02T10:00:00Z,m,v1,0.7,US,web");
        Path labels = dev.verity.jobs.TestSpark.write(
                dir,
                "l.csv",
                "prediction_id,label,label_ts",
                "a,1,2026-11-01T12:00:00Z",
                "b,0,2026-11-01T12:00:00Z",
                "c,1,2026-11-02T12:00:00Z");
        // The example in conf/ with the inputs and the store overridden by flags.
        String store = dir.resolve("store").toString();
        CliRunner.Result result = run(
                "evaluate",
                "--conf",
                Path.of("..", "conf", "evaluation.yaml").toString(),
                "--predictions",
                predictions.toString(),
                "--labels",
                labels.toString(),
                "--store",
                store,
                "--window",
                "all",
                "--quiet",
                "--format",
                "json");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode accounting = new ObjectMapper().readTree(result.out());
        assertThat(accounting.isObject()).isTrue();
        assertThat(accounting.get("evaluated").asLong()).isEqualTo(3);
        assertThat(accounting.get("run_id").asText()).hasSize(36);
        // From the file: the slices and the cross; from the flags: one window over all rows.
        String metrics = run("metrics", "--store", store, "--metric", "auc", "--format", "csv")
                .out();
        assertThat(metrics).contains(",country=US,").contains(",platform=ios,").contains("\"country=US,platform=ios\"");
        assertThat(run("metrics", "--store", store, "--metric", "auc", "--slice", "all", "--format", "csv")
                        .out()
                        .lines()
                        .skip(1))
                .hasSize(1);

        Path bad = dev.verity.jobs.TestSpark.write(dir, "bad.yaml", "predictions: p.csv", "windw: 1d");
        CliRunner.Result unknown = run("evaluate", "--conf", bad.toString());
        assertThat(unknown.code()).isEqualTo(Verity.BAD_INPUT);
        assertThat(unknown.err()).contains("bad.yaml: 'windw' is not a flag of verity evaluate");
        Path partial = dev.verity.jobs.TestSpark.write(dir, "partial.yaml", "predictions: p.csv");
        assertThat(run("evaluate", "--conf", partial.toString()).err())
                .contains("--labels: required (on the command line or in --conf)");
        // a misspelt choice in the file is answered as on the command line
        Path misspelt = dev.verity.jobs.TestSpark.write(dir, "misspelt.yaml", "task: binnary");
        CliRunner.Result task = run("evaluate", "--conf", misspelt.toString());
        assertThat(task.code()).isEqualTo(Verity.BAD_INPUT);
        assertThat(task.err())
                .contains("misspelt.yaml: ")
                .contains("'binnary' is not one of binary, ranking, regression (nearest: binary)");
    }

    @Test
    void driftPrintsOneRowPerFeatureAndStoresThem() throws Exception {
        Path reference = TestSpark.write(dir, "ref.csv", "x,c", "1,a", "2,a", "3,b", "4,b", "5,a", "6,b");
        Path current = TestSpark.write(dir, "cur.csv", "x,c", "7,a", "8,c", "9,c", "10,c", "11,a", "12,c");
        String store = dir.resolve("store").toString();
        CliRunner.Result csv = run(
                "drift",
                "--reference",
                reference.toString(),
                "--current",
                current.toString(),
                "--numeric",
                "x",
                "--categorical",
                "c",
                "--store",
                store,
                "--format",
                "csv");
        assertThat(csv.code()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).startsWith("window_start,feature,kind,method,statistic,p_value,threshold,drifted");
        assertThat(lines.get(1)).startsWith(",x,numeric,ks,1.0,");
        assertThat(lines).hasSize(3);
        assertThat(new ObjectMapper()
                        .readTree(run(
                                        "drift",
                                        "--reference",
                                        reference.toString(),
                                        "--current",
                                        current.toString(),
                                        "--numeric",
                                        "x",
                                        "--format",
                                        "json")
                                .out())
                        .get(0)
                        .get("dataset_drift")
                        .asBoolean())
                .isTrue();
        assertThat(new dev.verity.store.delta.EvaluationStore(TestSpark.spark(), store)
                        .drift()
                        .count())
                .isEqualTo(2);
        CliRunner.Result history = run("drift-history", "--store", store, "--feature", "c", "--format", "csv");
        assertThat(history.out().lines().toList()).hasSize(2);
        assertThat(history.out()).contains(",c,categorical,chi2,");
        CliRunner.Result typo = run("drift-history", "--store", store, "--feature", "cc");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("no feature 'cc' in the store; nearest: c");
        CliRunner.Result bad =
                run("drift", "--reference", reference.toString(), "--current", current.toString(), "--method", "kl");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown drift method 'kl'");
    }
}
