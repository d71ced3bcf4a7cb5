package dev.verity.metrics.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Helpers for the versioned binary forms of metric states: a format byte, the state's family
 * byte ({@link StateFamily}), then the fields.
 */
public final class Bytes {
    private Bytes() {}

    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    public static byte[] write(StateFamily family, byte format, Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(format);
            out.writeByte(family.id());
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * Reads {@code family}'s bytes of {@code format}, or of its format from before the family byte
     * (same fields, no family byte).
     */
    public static <T> T read(byte[] bytes, StateFamily family, byte format, String what, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte found = in.readByte();
            if (found == format) {
                byte id = in.readByte();
                if (id != family.id()) {
                    StateFamily other = StateFamily.ofId(id);
                    throw new IllegalArgumentException(what + ": these are the bytes of "
                            + (other == null ? "an unknown state (family " + id + ")" : "a " + other.label() + " state")
                            + ", not of a " + family.label() + " state");
                }
            } else if (found != family.lastFormatWithoutFamily()) {
                throw new IllegalArgumentException(
                        what + ": unknown format version " + found + " (expected " + format + ")");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": truncated or corrupt bytes", e);
        }
    }

    /** A count, then the values big-endian (as DataOutputStream writes them), copied in bulk. */
    public static void writeDoubles(DataOutputStream out, DoubleList list) throws IOException {
        out.writeInt(list.size());
        ByteBuffer bytes = ByteBuffer.allocate(Double.BYTES * list.size());
        bytes.asDoubleBuffer().put(list.array(), 0, list.size());
        out.write(bytes.array());
    }

    public static DoubleList readDoubles(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > in.available() / Double.BYTES) {
            throw new IOException(
                    "a list of " + size + " doubles does not fit the remaining " + in.available() + " bytes");
        }
        byte[] bytes = new byte[Double.BYTES * size];
        in.readFully(bytes);
        double[] values = new double[size];
        ByteBuffer.wrap(bytes).asDoubleBuffer().get(values);
        return DoubleList.wrap(values);
    }
}
