package dev.verity.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.drift.FeatureKind;
import dev.verity.jobs.TestSpark;
import dev.verity.store.BadInputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark-free: in {@code mvn test -Dgroups=fast}. */
class DriftSettingsTest {

    @TempDir
    Path dir;

    @Test
    void featureThenKindThenGlobalThenAuto() {
        DriftSettings settings = DriftSettings.read(Path.of("../conf/drift.yaml"));
        assertThat(settings.choose("session_minutes", FeatureKind.NUMERIC))
                .isEqualTo(new DriftSettings.Choice("ks", 0.01));
        assertThat(settings.choose("messages_sent", FeatureKind.NUMERIC))
                .isEqualTo(new DriftSettings.Choice("wasserstein", 0.1));
        assertThat(settings.choose("platform", FeatureKind.CATEGORICAL))
                .isEqualTo(new DriftSettings.Choice("jensenshannon", 0.05));
        assertThat(DriftSettings.defaults().choose("x", FeatureKind.NUMERIC))
                .isEqualTo(new DriftSettings.Choice("auto", null));
    }

    @Test
    void commandLineOverridesTheFile() {
        DriftSettings settings =
                DriftSettings.read(Path.of("../conf/drift.yaml")).withOverrides("psi", Map.of("session_minutes", 0.3));
        assertThat(settings.choose("session_minutes", FeatureKind.NUMERIC))
                .isEqualTo(new DriftSettings.Choice("ks", 0.3));
        assertThat(settings.choose("country", FeatureKind.CATEGORICAL))
                .isEqualTo(new DriftSettings.Choice("jensenshannon", null));
        assertThat(DriftSettings.defaults()
                        .withOverrides("psi", Map.of())
                        .choose("c", FeatureKind.CATEGORICAL)
                        .method())
                .isEqualTo("psi");
    }

    @Test
    void badFileOrMethodNamesTheFileAndTheKey() {
        Path bad = TestSpark.write(dir, "bad.yaml", "features:", "  age:", "    method: kl");
        assertThatThrownBy(() -> DriftSettings.read(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.yaml: age: unknown drift method 'kl'");
        Path unknownKey = TestSpark.write(dir, "typo.yaml", "methd: ks");
        assertThatThrownBy(() -> DriftSettings.read(unknownKey))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("methd");
        assertThatThrownBy(() -> DriftSettings.defaults().withOverrides("kl", Map.of()))
                .hasMessageStartingWith("unknown drift method 'kl'");
    }
}
