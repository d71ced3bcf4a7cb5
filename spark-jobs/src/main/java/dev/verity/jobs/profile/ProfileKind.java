package dev.verity.jobs.profile;

/** How a column's profile kind is known: by its type, or (text) by whether every value is a number. */
enum ProfileKind {
    NUMERIC,
    CATEGORICAL,
    BY_VALUES
}
