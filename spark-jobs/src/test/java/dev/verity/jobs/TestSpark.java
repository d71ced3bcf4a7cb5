package dev.verity.jobs;

import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one SparkSession of the test JVM (session start costs seconds) and fixture helpers. */
public final class TestSpark {
    private TestSpark() {
    }

    public static SparkSession spark() {
        return VeritySpark.session();
    }

    public static Path write(Path dir, String name, String... lines) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
