package dev.verity.store;

/** The slice names every table shares. */
public final class Slices {
    private Slices() {}

    /** The slice of all the traffic: every row of its window. */
    public static final String ALL = "all";

    /** How a slice names a row whose column is null. */
    public static final String NULL_VALUE = "null";

    /** The slice of the rows whose {@code column} is {@code value}: {@code column=value}. */
    public static String of(String column, String value) {
        return column + "=" + value;
    }
}
