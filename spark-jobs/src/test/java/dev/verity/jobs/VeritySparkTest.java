package dev.verity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spark-free: in {@code mvn test -Dgroups=fast}. */
class VeritySparkTest {

    @Test
    void deltaJoinsASitesOwnSessionExtensionsInsteadOfReplacingThem() {
        String delta = "io.delta.sql.DeltaSparkSessionExtension";
        assertThat(VeritySpark.withDelta("")).isEqualTo(delta);
        assertThat(VeritySpark.withDelta("com.site.Extensions")).isEqualTo("com.site.Extensions," + delta);
        assertThat(VeritySpark.withDelta(" com.site.A , " + delta)).isEqualTo("com.site.A," + delta);
    }
}
