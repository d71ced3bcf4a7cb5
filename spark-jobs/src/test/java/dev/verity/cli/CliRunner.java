package dev.verity.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the verity CLI in this JVM, or in one of its own, as tests of every package need it. */
public final class CliRunner {
    private CliRunner() {}

    public record Result(int code, String out, String err) {}

    /** Runs the CLI in-process; {@code err} holds what the CLI and the loggers wrote to stderr. */
    public static Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(errStream);
        // Created after System.err is swapped: picocli replaces a writer set on a stream it no longer sees.
        CommandLine cli = Verity.commandLine();
        cli.setErr(new PrintWriter(errStream, true));
        StringWriter help = new StringWriter();
        cli.setOut(new PrintWriter(help, true));
        try {
            int code = cli.execute(args);
            return new Result(code, help + out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /**
     * Starts the CLI in a JVM of its own (this test's classpath, Spark's JVM flags) in {@code dir},
     * with {@code env} added to its environment; its stdout and stderr go to {@code dir/name.out}
     * and {@code dir/name.err}.
     */
    public static Process process(Path dir, String name, Map<String, String> env, String... args) throws IOException {
        return processWithHeap(dir, name, env, "1g", args);
    }

    /** As {@link #process(Path, String, Map, String...)}, with {@code heap} as the JVM's -Xmx. */
    public static Process processWithHeap(Path dir, String name, Map<String, String> env, String heap, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        command.addAll(Arrays.asList(System.getProperty("verity.jvm.flags").split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Verity.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The arguments of a quiet binary evaluation (daily windows, the default), then {@code extra}. */
    public static String[] evaluate(String predictions, String labels, String store, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "evaluate",
                "--predictions",
                predictions,
                "--labels",
                labels,
                "--store",
                store,
                "--task",
                "binary",
                "--quiet"));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }
}
