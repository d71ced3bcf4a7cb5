package dev.verity.store;

/**
 * A store path that cannot hold an evaluation store: a file, another Delta table, or a folder
 * of something else. The message is one line naming the path; the CLI exits with 2.
 */
public final class NotAStoreException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NotAStoreException(String root, String why) {
        super("store " + root + ": " + why);
    }
}
