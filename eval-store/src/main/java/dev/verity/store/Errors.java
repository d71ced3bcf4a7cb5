package dev.verity.store;

/** Errors as one line for stderr and the runs table: Spark's messages can carry whole query plans. */
public final class Errors {
    private Errors() {}

    /** The first line of the first message in the cause chain, or the type of the innermost cause. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null
                ? root.getClass().getSimpleName()
                : root.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }
}
