package io.ringkv.storage.commitlog;

import io.ringkv.storage.Entry;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encoded records waiting to be written: a growable byte array that records are encoded into
 * directly, reused from one write to the next so appends allocate nothing in the steady state.
 * Not thread-safe; the commit log guards it with its locks.
 */
final class RecordBuffer {
    private static final int INITIAL_BYTES = 64 << 10;
    /** A buffer grown past this by a huge batch is given back after use rather than kept. */
    private static final int RETAINED_BYTES = 4 << 20;

    private final CRC32C crc = new CRC32C();
    private byte[] bytes = new byte[INITIAL_BYTES];
    private int length;

    /**
     * Encodes one record at the end: frame header, payload, checksum.
     *
     * @param payloadSize the exact size from {@link RecordFormat#payloadSize}
     * @return the bytes the record takes, frame included
     */
    int appendRecord(long firstSequence, List<Entry> entries, int payloadSize) {
        int start = length;
        int frame = RecordFormat.FRAME_HEADER + payloadSize;
        ensureCapacity(start + frame);
        byte[] b = bytes;
        int p = start + RecordFormat.FRAME_HEADER;
        b[p++] = RecordFormat.VERSION;
        Bytes.putLong(b, p, firstSequence);
        p = Bytes.putVarint(b, p + 8, entries.size());
        for (int i = 0, n = entries.size(); i < n; i++) {
            Entry e = entries.get(i);
            b[p++] = (byte) RecordFormat.flags(e);
            byte[] key = e.key();
            p = Bytes.putVarint(b, p, key.length);
            System.arraycopy(key, 0, b, p, key.length);
            p += key.length;
            if (e.hasExpiry()) {
                Bytes.putLong(b, p, e.expiresAtMillis());
                p += 8;
            }
            byte[] value = e.value();
            p = Bytes.putVarint(b, p, value.length);
            System.arraycopy(value, 0, b, p, value.length);
            p += value.length;
        }
        if (p != start + frame) {
            // The entries changed between sizing and encoding: a caller bug, not a disk problem.
            throw new IllegalStateException("batch changed while it was appended to the commit log");
        }
        Bytes.putInt(b, start, payloadSize);
        crc.reset();
        crc.update(b, start, 4);
        crc.update(b, start + RecordFormat.FRAME_HEADER, payloadSize);
        Bytes.putInt(b, start + 4, (int) crc.getValue());
        length = p;
        return frame;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** The encoded bytes, as a buffer valid until the next change. */
    ByteBuffer contents() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    void clear() {
        length = 0;
        if (bytes.length > RETAINED_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
        }
    }
}
