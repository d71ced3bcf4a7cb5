package dev.verity.jobs.profile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The profiles of every window and column of some rows while they are read: per window start
 * (epoch milliseconds), one {@link ProfileBuffer} per column. Merges with the profiles of other
 * rows of the same columns.
 */
// public: Spark encodes only public classes
public final class WindowProfiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient ProfileKind[] kinds;
    private transient Map<Long, ProfileBuffer[]> windows;

    WindowProfiles(ProfileKind[] kinds) {
        this(kinds, new TreeMap<>());
    }

    private WindowProfiles(ProfileKind[] kinds, Map<Long, ProfileBuffer[]> windows) {
        this.kinds = kinds;
        this.windows = windows;
    }

    /** The buffers of window {@code start}, a column's at its index. */
    ProfileBuffer[] of(long start) {
        return windows.computeIfAbsent(start, this::empty);
    }

    /** How each column is profiled, by index. */
    ProfileKind kind(int column) {
        return kinds[column];
    }

    private ProfileBuffer[] empty(long start) {
        ProfileBuffer[] buffers = new ProfileBuffer[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            buffers[i] = ProfileBuffer.of(kinds[i]);
        }
        return buffers;
    }

    WindowProfiles merge(WindowProfiles other) {
        other.windows.forEach((start, buffers) -> {
            ProfileBuffer[] mine = windows.get(start);
            if (mine == null) {
                windows.put(start, buffers);
            } else {
                for (int i = 0; i < mine.length; i++) {
                    mine[i].merge(buffers[i]);
                }
            }
        });
        return this;
    }

    /** Each window start's buffers, a column's at its index. */
    Map<Long, ProfileBuffer[]> windows() {
        return windows;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(kinds.length);
            for (ProfileKind kind : kinds) {
                out.writeByte(kind.ordinal());
            }
            out.writeInt(windows.size());
            for (Map.Entry<Long, ProfileBuffer[]> window : windows.entrySet()) {
                out.writeLong(window.getKey());
                for (ProfileBuffer buffer : window.getValue()) {
                    byte[] block = buffer.toBytes();
                    out.writeInt(block.length);
                    out.write(block);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static WindowProfiles fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            ProfileKind[] kinds = new ProfileKind[in.readInt()];
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = ProfileKind.values()[in.readByte()];
            }
            Map<Long, ProfileBuffer[]> windows = new TreeMap<>();
            int count = in.readInt();
            for (int w = 0; w < count; w++) {
                long start = in.readLong();
                ProfileBuffer[] buffers = new ProfileBuffer[kinds.length];
                for (int i = 0; i < kinds.length; i++) {
                    byte[] block = new byte[in.readInt()];
                    in.readFully(block);
                    buffers[i] = ProfileBuffer.fromBytes(block);
                }
                windows.put(start, buffers);
            }
            return new WindowProfiles(kinds, windows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java serialization (Spark's, between tasks and the driver) as the sketches' own bytes. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        byte[] bytes = toBytes();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private void readObject(ObjectInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        WindowProfiles read = fromBytes(bytes);
        kinds = read.kinds;
        windows = read.windows;
    }
}
