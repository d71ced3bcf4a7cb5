package dev.verity.store;

/**
 * Input the user must fix: a missing file or column, an unreadable file, a bad flag value.
 * The message is one line naming the file, row or column at fault; the CLI exits with 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
