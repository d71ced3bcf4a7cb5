package dev.verity.jobs.profile;

import dev.verity.drift.FeatureKind;
import dev.verity.drift.profile.ColumnProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One window's profile of one column while its kind may still be open: a column read as text
 * (CSV) is profiled both as categories and, while every value is a number, as numbers, so the kind
 * is decided once every window is seen, by the rule drift detects features with (numeric when
 * every value is a number).
 */
final class ProfileBuffer {
    /** Null when the column cannot be numeric (by type, or a value that is not a number). */
    private ColumnProfile numbers;

    /** Null when the column cannot be categorical. */
    private final ColumnProfile categories;

    private long notNumbers;

    private ProfileBuffer(ColumnProfile numbers, ColumnProfile categories, long notNumbers) {
        this.numbers = numbers;
        this.categories = categories;
        this.notNumbers = notNumbers;
    }

    static ProfileBuffer of(ProfileKind kind) {
        return new ProfileBuffer(
                kind == ProfileKind.CATEGORICAL ? null : ColumnProfile.of(FeatureKind.NUMERIC),
                kind == ProfileKind.NUMERIC ? null : ColumnProfile.of(FeatureKind.CATEGORICAL),
                0);
    }

    /** Adds a value of a column of numbers (null when missing). */
    void addNumber(Double number) {
        numbers.addNumber(number);
    }

    /**
     * Adds a value of a column of text (null when missing): a category, and a number while every
     * value has been one; at the first that is not, the column can only be categorical.
     */
    void addText(String text) {
        if (categories != null) {
            categories.addCategory(text);
        }
        if (numbers == null) {
            return;
        }
        Double number = text == null ? null : TextNumbers.parse(text);
        if (text != null && number == null) {
            notNumbers++;
            numbers = null;
        } else {
            numbers.addNumber(number);
        }
    }

    ProfileBuffer merge(ProfileBuffer other) {
        numbers = numbers == null || other.numbers == null ? null : numbers.merge(other.numbers);
        if (categories != null) {
            categories.merge(other.categories);
        }
        notNumbers += other.notNumbers;
        return this;
    }

    /** Whether a value was read that is not a number. */
    long notNumbers() {
        return notNumbers;
    }

    /** The profile of the kind decided for the column. */
    ColumnProfile decided(boolean numeric) {
        return numeric ? numbers : categories;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ProfileBuffer fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(DataOutputStream out) throws IOException {
        out.writeLong(notNumbers);
        for (ColumnProfile profile : new ColumnProfile[] {numbers, categories}) {
            byte[] block = profile == null ? new byte[0] : profile.toBytes();
            out.writeInt(block.length);
            out.write(block);
        }
    }

    private static ProfileBuffer read(DataInputStream in) throws IOException {
        long notNumbers = in.readLong();
        ColumnProfile[] profiles = new ColumnProfile[2];
        for (int i = 0; i < profiles.length; i++) {
            byte[] block = new byte[in.readInt()];
            in.readFully(block);
            profiles[i] = block.length == 0 ? null : ColumnProfile.fromBytes(block);
        }
        return new ProfileBuffer(profiles[0], profiles[1], notNumbers);
    }
}
