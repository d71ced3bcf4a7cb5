package dev.verity.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM (session start costs seconds) and fixture helpers. */
public final class TestSpark {
    private TestSpark() {}

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

    /** How many Spark jobs {@code work} started. */
    public static int jobsOf(Runnable work) {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        };
        spark().sparkContext().addSparkListener(listener);
        try {
            work.run();
            // Listener events arrive asynchronously; wait for the bus to drain.
            spark().sparkContext().listenerBus().waitUntilEmpty(10_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the listener bus did not drain", e);
        } finally {
            spark().sparkContext().removeSparkListener(listener);
        }
        return jobs.get();
    }
}
