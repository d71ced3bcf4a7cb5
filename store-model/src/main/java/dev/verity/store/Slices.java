package dev.verity.store;

/** The slice names every table shares. */
public final class Slices {
    private Slices() {}

    /** The slice of all the traffic: every row of its window. */
    public static final String ALL = "all";
}
