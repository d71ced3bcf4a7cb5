package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drift compares the served score like a numeric feature unless told not to. */
class PredictionDriftTest {
    @TempDir
    Path dir;

    @Test
    void theScoreIsAFeatureByDefaultAndNotWithNoPredictionDrift() throws Exception {
        Path reference = log("reference.csv", 0.0);
        Path current = log("current.csv", 0.3);
        CliRunner.Result on = CliRunner.run(
                "drift", "--reference", reference.toString(), "--current", current.toString(), "--format", "csv");
        assertThat(on.code()).as(on.err()).isZero();
        List<String> rows = on.out().lines().toList();
        assertThat(rows)
                .anySatisfy(r -> assertThat(r).startsWith(",score,numeric,").contains(",true,"));
        assertThat(rows)
                .anySatisfy(r -> assertThat(r).startsWith(",minutes,numeric,").contains(",false,"));

        CliRunner.Result off = CliRunner.run(
                "drift",
                "--reference",
                reference.toString(),
                "--current",
                current.toString(),
                "--no-prediction-drift",
                "--format",
                "csv");
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(off.out()).doesNotContain(",score,").contains(",minutes,");
    }

    /** 2,000 rows: the score spread over [shift, 0.6 + shift), minutes the same on both sides. */
    private Path log(String name, double shift) throws Exception {
        List<String> lines = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,minutes"));
        for (int i = 0; i < 2000; i++) {
            lines.add(String.format(
                    Locale.ROOT, "p%d,2026-11-01T00:00:00Z,m,v1,%.4f,%d", i, shift + 0.6 * (i % 100) / 100.0, i % 37));
        }
        return Files.write(dir.resolve(name), lines);
    }
}
