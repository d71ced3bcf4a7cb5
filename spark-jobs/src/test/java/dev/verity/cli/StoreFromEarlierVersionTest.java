package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A store Verity 0.1 wrote (evaluate, drift and monitor over a small log; serve's test resources
 * hold it) prints as that version printed it: metrics, runs and drift-history, read through the
 * store's records. Columns added since read as empty: drift-history's {@code ci_low, ci_high,
 * top_features} (of a multivariate drift test) were added to the expected file by hand.
 */
class StoreFromEarlierVersionTest {
    private static final Path FIXTURES = Path.of("../serve/src/test/resources/dev/verity/serve");

    @Test
    void theReadingCommandsPrintWhatTheEarlierVersionPrinted() throws Exception {
        // read in place: the read commands read with Delta Kernel and write nothing
        String store = FIXTURES.resolve("store-0.1").toString();
        for (String command : new String[] {"metrics", "runs", "drift-history"}) {
            CliRunner.Result result = CliRunner.run(command, "--store", store, "--format", "csv");
            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.out())
                    .as(command)
                    .isEqualTo(Files.readString(FIXTURES.resolve("store-0.1." + command + ".csv")));
        }
    }
}
