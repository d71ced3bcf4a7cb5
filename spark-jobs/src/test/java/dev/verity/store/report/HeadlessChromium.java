package dev.verity.store.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for tests that render a page. CI installs the package; a
 * developer machine without it skips the test, CI ({@code CI=true}) fails instead.
 */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /** Skips the calling test where Chromium is not installed (and fails it on CI). */
    public static void assumeInstalled() {
        if (!Files.isExecutable(CHROMIUM)) {
            assertThat(System.getenv("CI"))
                    .as("CI must install chromium (apt-get install chromium)")
                    .isNull();
            assumeTrue(false, "no /usr/bin/chromium on this machine");
        }
    }

    /** Runs Chromium on {@code page} with {@code args} (a profile and its output kept in {@code dir}); its stdout. */
    public static String run(Path dir, URI page, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + dir.resolve("chromium-profile")));
        command.addAll(List.of(args));
        command.add(page.toString());
        Path stdout = dir.resolve("chromium.out");
        Path stderr = dir.resolve("chromium.err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        return Files.readString(stdout);
    }
}
