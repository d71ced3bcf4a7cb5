package dev.verity.metrics.internal;

/**
 * Which state a binary form holds: the byte after the format byte, so the bytes of one state
 * are never read as another's (DataSketches' serial forms carry such a family id too).
 */
public enum StateFamily {
    BINARY(1, 2),
    RANKING(2, 2),
    REGRESSION(3, 1),
    QUERY_ITEMS(4, 1),
    BINARY_COUNTS(5, 2),
    COMPUTED_METRICS(6, 1);

    private final byte id;
    private final byte lastFormatWithoutFamily;

    StateFamily(int id, int lastFormatWithoutFamily) {
        this.id = (byte) id;
        this.lastFormatWithoutFamily = (byte) lastFormatWithoutFamily;
    }

    public byte id() {
        return id;
    }

    /** The format number of this family's bytes from before the family byte: they still read, unchecked. */
    public byte lastFormatWithoutFamily() {
        return lastFormatWithoutFamily;
    }

    /** The name a person reads in an error. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    static StateFamily ofId(byte id) {
        for (StateFamily family : values()) {
            if (family.id == id) {
                return family;
            }
        }
        return null;
    }
}
