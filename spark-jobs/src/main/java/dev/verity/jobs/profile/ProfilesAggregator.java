package dev.verity.jobs.profile;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Profiles every window and column of the rows it aggregates, as one aggregate without a
 * grouping: its input is each row's window start and each column's value; its result, the bytes of the {@link WindowProfiles}. Spark keeps the profiles as objects
 * while it aggregates and serializes them only between tasks.
 */
final class ProfilesAggregator extends Aggregator<Row, WindowProfiles, byte[]> {
    private static final long serialVersionUID = 1L;

    private final ProfileKind[] kinds;

    ProfilesAggregator(ProfileKind[] kinds) {
        this.kinds = kinds.clone();
    }

    @Override
    public WindowProfiles zero() {
        return new WindowProfiles(kinds);
    }

    /**
     * {@code row}: the window start (a timestamp; null: no window, not profiled), then each
     * column's value: a double for a column of numbers, else its text.
     */
    @Override
    public WindowProfiles reduce(WindowProfiles profiles, Row row) {
        if (row.isNullAt(0)) {
            return profiles;
        }
        ProfileBuffer[] buffers = profiles.of(row.getTimestamp(0).getTime());
        for (int i = 0; i < buffers.length; i++) {
            Object value = row.get(i + 1);
            if (profiles.kind(i) == ProfileKind.NUMERIC) {
                buffers[i].addNumber((Double) value);
            } else {
                buffers[i].addText((String) value);
            }
        }
        return profiles;
    }

    @Override
    public WindowProfiles merge(WindowProfiles a, WindowProfiles b) {
        return a.merge(b);
    }

    @Override
    public byte[] finish(WindowProfiles profiles) {
        return profiles.toBytes();
    }

    @Override
    public Encoder<WindowProfiles> bufferEncoder() {
        return Encoders.javaSerialization(WindowProfiles.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
