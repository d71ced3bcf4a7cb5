package dev.verity.store;

/**
 * Input the user must fix: a missing file or column, an unreadable file, a bad flag value.
 * The message is one line naming the file, row or column at fault; the CLI exits with 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The setting at fault, as a job names it ("slice", "window"); null when the message says it. */
    private final String setting;

    public BadInputException(String message) {
        super(message);
        this.setting = null;
    }

    /**
     * A setting's value a user must fix, worded for the setting: a job knows its settings, not
     * the flags or file keys they came from (the CLI names its flag).
     */
    public BadInputException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    /** What is wrong with the setting's value, without its name. */
    public String detail() {
        return setting == null ? getMessage() : getMessage().substring(setting.length() + 2);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.setting = null;
    }
}
