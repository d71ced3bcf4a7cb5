package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.verity.jobs.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a full disk, then on a read-only one: the run fails with one line naming the path
 * and the operating system's reason, no Spark log lines, and the store keeps what it had. It
 * needs a small tmpfs of its own, so it runs as root (as CI does) and is skipped otherwise.
 */
class StoreDiskFailureTest {
    @TempDir
    Path dir;

    @Test
    void aFullThenReadOnlyDiskFailsOnOneLineAndLeavesTheStoreAsItWas() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "skipped: mounting a small tmpfs to fill needs root (CI runs as root)");
        // two small disks: a failed write may keep a file open, and a disk with an open file stays writable
        Path full = mount("full");
        Path readOnly = mount("read-only");
        try {
            for (Path disk : List.of(full, readOnly)) {
                CliRunner.Result first =
                        CliRunner.run(evaluate(disk.resolve("store").toString(), 1));
                assertThat(first.code()).as(first.err()).isZero();
            }
            String before = metrics(full);

            fill(full.resolve("filler"));
            CliRunner.Result noSpace =
                    CliRunner.run(evaluate(full.resolve("store").toString(), 2));
            assertThat(noSpace.code()).isEqualTo(Verity.FAILURE);
            assertOneLine(noSpace.err(), full.resolve("store").toString(), "No space left on device");
            Files.delete(full.resolve("filler"));
            assertThat(metrics(full)).isEqualTo(before);

            run("mount", "-o", "remount,ro", readOnly.toString());
            CliRunner.Result refused =
                    CliRunner.run(evaluate(readOnly.resolve("store").toString(), 2));
            assertThat(refused.code()).isEqualTo(Verity.FAILURE);
            assertOneLine(refused.err(), readOnly.resolve("store").toString(), "Read-only file system");
            assertThat(metrics(readOnly)).isEqualTo(before);
        } finally {
            // lazily: a failed task may still hold a file of it open
            run("umount", "--lazy", full.toString());
            run("umount", "--lazy", readOnly.toString());
        }
    }

    private Path mount(String name) throws Exception {
        Path disk = Files.createDirectories(dir.resolve(name));
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString());
        return disk;
    }

    /** The store's metrics without their run ids and finality (each disk's store had a run of its own). */
    private static String metrics(Path disk) {
        return CliRunner.run("metrics", "--store", disk.resolve("store").toString(), "--format", "csv")
                .out()
                .replaceAll("(?m),[^,]*,[^,]*$", "");
    }

    /** The failure is the one line of stderr that says so, with the path and the cause; Spark logged no error. */
    private static void assertOneLine(String err, String store, String cause) {
        assertThat(err.lines().filter(l -> l.startsWith("verity: failed: ")))
                .singleElement()
                .satisfies(line -> assertThat(line).contains(store).contains(cause));
        assertThat(err).doesNotContain(" ERROR ").doesNotContain("TaskSetManager");
    }

    private String[] evaluate(String store, int day) {
        List<String> predictions = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,country"));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int i = 0; i < 2000; i++) {
            predictions.add(
                    "d" + day + "p" + i + ",2026-11-0" + day + "T10:00:00Z,m,v1," + (i % 10) / 10.0 + ",c" + i % 50);
            labels.add("d" + day + "p" + i + "," + (i % 3 == 0 ? 1 : 0) + ",2026-11-0" + day + "T11:00:00Z");
        }
        return CliRunner.evaluate(
                TestSpark.write(dir, "p" + day + ".csv", predictions.toArray(String[]::new))
                        .toString(),
                TestSpark.write(dir, "l" + day + ".csv", labels.toArray(String[]::new))
                        .toString(),
                store,
                "--slice-by",
                "country");
    }

    /** Writes until the filesystem has no byte left. */
    private static void fill(Path file) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }
}
