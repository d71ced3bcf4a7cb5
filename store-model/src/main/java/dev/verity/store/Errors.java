package dev.verity.store;

/** Errors as one line for stderr and the runs table: Spark's messages can carry whole query plans. */
public final class Errors {
    private Errors() {}

    /**
     * The first line of the first message in the cause chain, or the type of the innermost cause;
     * or, when the innermost cause is an I/O error, its message (a read-only file system names the
     * file) or the first message followed by it (a full disk's "No space left on device").
     */
    public static String oneLine(Throwable e) {
        Throwable first = e;
        while (first.getCause() != null && first.getMessage() == null) {
            first = first.getCause();
        }
        String message = first.getMessage() == null ? first.getClass().getSimpleName() : firstLine(first.getMessage());
        Throwable root = first;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != first && root instanceof java.io.IOException && root.getMessage() != null) {
            String cause = firstLine(root.getMessage());
            if (cause.contains("/")) {
                return cause; // names its file and why, without Spark's report of the task that met it
            }
            if (!message.contains(cause)) {
                return message + ": " + cause;
            }
        }
        return message;
    }

    private static String firstLine(String message) {
        String stripped = message.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline).strip();
    }
}
