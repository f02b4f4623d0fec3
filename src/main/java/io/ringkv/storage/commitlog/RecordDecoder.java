package io.ringkv.storage.commitlog;

import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryKind;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/** Decodes commit log records from bytes, rejecting anything damaged or unknown. */
final class RecordDecoder {

    /** One decoded record. */
    record Decoded(long firstSequence, List<Entry> entries, int frameLength) {
        long lastSequence() {
            return firstSequence + entries.size() - 1;
        }
    }

    private RecordDecoder() {}

    /**
     * Decodes the record whose frame starts at {@code offset}, reading no byte at or past {@code
     * limit}. Offsets in messages are indexes into {@code bytes}.
     */
    static Decoded decode(byte[] bytes, int offset, int limit) throws CorruptionException {
        int payload = checkFrame(bytes, offset, limit);
        Cursor in = new Cursor(bytes, offset + RecordFormat.FRAME_HEADER, offset + RecordFormat.FRAME_HEADER + payload);
        int version = in.u8();
        if (version != RecordFormat.VERSION) {
            throw in.bad("unknown record format version " + version);
        }
        long first = in.u64();
        int count = in.varint();
        // Each entry takes at least three bytes; the bound also keeps a bad count from sizing the list.
        if (count < 1 || count > in.remaining() / 3) {
            throw in.bad("entry count " + count + " does not fit the " + in.remaining() + " payload bytes left");
        }
        if (first < 1 || first > Long.MAX_VALUE - count) {
            throw in.bad("first sequence " + first + " out of range for " + count + " entries");
        }
        Entry[] entries = new Entry[count];
        for (int i = 0; i < count; i++) {
            entries[i] = entry(in, first + i);
        }
        if (in.remaining() != 0) {
            throw in.bad(in.remaining() + " unexpected bytes after the last entry");
        }
        return new Decoded(
                first, Collections.unmodifiableList(Arrays.asList(entries)), RecordFormat.FRAME_HEADER + payload);
    }

    /**
     * Checks length and checksum of the frame at {@code offset} without decoding the payload.
     *
     * @return the payload length
     */
    static int checkFrame(byte[] bytes, int offset, int limit) throws CorruptionException {
        if (offset < 0 || limit > bytes.length || offset > limit) {
            throw new CorruptionException("record at offset " + offset + ": outside the " + limit + " readable bytes");
        }
        if (limit - offset < RecordFormat.FRAME_HEADER) {
            throw new CorruptionException(
                    "record at offset " + offset + ": incomplete frame header, " + (limit - offset) + " bytes left");
        }
        long payload = Bytes.getInt(bytes, offset) & 0xFFFFFFFFL;
        if (payload < RecordFormat.MIN_PAYLOAD || payload > RecordFormat.MAX_PAYLOAD) {
            throw new CorruptionException("record at offset " + offset + ": implausible length " + payload);
        }
        if (payload > limit - offset - RecordFormat.FRAME_HEADER) {
            throw new CorruptionException("record at offset " + offset + ": length " + payload + " runs past the end ("
                    + (limit - offset - RecordFormat.FRAME_HEADER) + " bytes left)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, 4);
        crc.update(bytes, offset + RecordFormat.FRAME_HEADER, (int) payload);
        int stored = Bytes.getInt(bytes, offset + 4);
        if (stored != (int) crc.getValue()) {
            throw new CorruptionException("record at offset " + offset + ": checksum mismatch");
        }
        return (int) payload;
    }

    /** True when a frame with a plausible length and a matching checksum starts at {@code offset}. */
    static boolean looksLikeRecord(byte[] bytes, int offset, int limit) {
        if (limit - offset < RecordFormat.FRAME_HEADER) {
            return false;
        }
        long payload = Bytes.getInt(bytes, offset) & 0xFFFFFFFFL;
        if (payload < RecordFormat.MIN_PAYLOAD
                || payload > RecordFormat.MAX_PAYLOAD
                || payload > limit - offset - RecordFormat.FRAME_HEADER) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, 4);
        crc.update(bytes, offset + RecordFormat.FRAME_HEADER, (int) payload);
        return Bytes.getInt(bytes, offset + 4) == (int) crc.getValue();
    }

    private static Entry entry(Cursor in, long sequence) throws CorruptionException {
        int flags = in.u8();
        if ((flags & ~RecordFormat.KNOWN_FLAGS) != 0) {
            throw in.bad("unknown entry flags 0x" + Integer.toHexString(flags));
        }
        EntryKind kind = EntryKind.fromCode(flags & RecordFormat.FLAG_TOMBSTONE);
        byte[] key = in.bytes(in.varint());
        long expiresAt = Entry.NO_EXPIRY;
        if ((flags & RecordFormat.FLAG_EXPIRY) != 0) {
            expiresAt = in.u64();
            if (expiresAt == Entry.NO_EXPIRY) {
                throw in.bad("expiry flag set but expiry is " + expiresAt);
            }
        }
        int valueLength = in.varint();
        byte[] value = valueLength == 0 ? Entry.EMPTY : in.bytes(valueLength);
        return new Entry(key, sequence, kind, expiresAt, value);
    }

    /** Reads forward through a payload, refusing to step past its end. */
    private static final class Cursor {
        private final byte[] bytes;
        private final int limit;
        private int at;

        Cursor(byte[] bytes, int at, int limit) {
            this.bytes = bytes;
            this.at = at;
            this.limit = limit;
        }

        int remaining() {
            return limit - at;
        }

        int u8() throws CorruptionException {
            need(1);
            return bytes[at++] & 0xFF;
        }

        long u64() throws CorruptionException {
            need(8);
            long v = Bytes.getLong(bytes, at);
            at += 8;
            return v;
        }

        int varint() throws CorruptionException {
            int value = 0;
            for (int shift = 0; shift < 7 * Bytes.MAX_VARINT; shift += 7) {
                int b = u8();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (value < 0 || (shift == 28 && b > 0x07)) {
                        throw bad("varint out of int range");
                    }
                    return value;
                }
            }
            throw bad("varint longer than " + Bytes.MAX_VARINT + " bytes");
        }

        byte[] bytes(int length) throws CorruptionException {
            need(length);
            byte[] out = Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return out;
        }

        private void need(int n) throws CorruptionException {
            if (n > limit - at) {
                throw bad("needs " + n + " bytes, only " + (limit - at) + " left in the record");
            }
        }

        CorruptionException bad(String what) {
            return new CorruptionException("record payload at offset " + at + ": " + what);
        }
    }
}
