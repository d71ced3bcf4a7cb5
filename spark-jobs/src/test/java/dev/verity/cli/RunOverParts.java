package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verity.jobs.TestSpark;
import dev.verity.store.delta.EvaluationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For the tests of runs over part of the logs (time ranges, incremental runs): an evaluation of
 * the test logs (label window 2 days, country slices), and what of a store must equal a full
 * run's.
 */
final class RunOverParts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunOverParts() {}

    /** The run's accounting, as {@code evaluate --format json} prints it. */
    static JsonNode evaluate(Path predictions, Path labels, String store, String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("--format", "json", "--label-window", "2d", "--slice-by", "country"));
        args.addAll(List.of(extra));
        CliRunner.Result r = CliRunner.run(
                CliRunner.evaluate(predictions.toString(), labels.toString(), store, args.toArray(String[]::new)));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** The store's metric rows without the run that wrote them and what that run knew of labels to come. */
    static List<String> metrics(String store) {
        return CliRunner.run("metrics", "--store", store, "--format", "csv")
                .out()
                .lines()
                .map(line -> line.replaceAll(",[^,]*,[^,]*$", ""))
                .toList();
    }

    /** The quarantined rows without their run, sorted. */
    static List<String> quarantine(String store) {
        return new EvaluationStore(TestSpark.spark(), store)
                .quarantine().drop("run_id").collectAsList().stream()
                        .map(Object::toString)
                        .sorted()
                        .toList();
    }
}
