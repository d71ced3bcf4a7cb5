package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store Verity 0.1 wrote (evaluate, drift and monitor over a small log; serve's test resources
 * hold it) prints as that version printed it: metrics, runs and drift-history, read through the
 * store's records.
 */
class StoreFromEarlierVersionTest {
    private static final Path FIXTURES = Path.of("../serve/src/test/resources/dev/verity/serve");

    @TempDir
    Path dir;

    @Test
    void theReadingCommandsPrintWhatTheEarlierVersionPrinted() throws Exception {
        String store = copy(FIXTURES.resolve("store-0.1"), dir.resolve("store")).toString();
        for (String command : new String[] {"metrics", "runs", "drift-history"}) {
            CliRunner.Result result = CliRunner.run(command, "--store", store, "--format", "csv");
            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.out())
                    .as(command)
                    .isEqualTo(Files.readString(FIXTURES.resolve("store-0.1." + command + ".csv")));
        }
    }

    private static Path copy(Path source, Path target) throws Exception {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }
}
