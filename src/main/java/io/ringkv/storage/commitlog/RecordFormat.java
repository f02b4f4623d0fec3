package io.ringkv.storage.commitlog;

import io.ringkv.storage.Entry;
import java.util.List;

/**
 * The layout of one commit log record: a frame (u32 payload length, u32 CRC32C over the length
 * bytes and the payload) around a payload (u8 version, u64 first sequence, varint entry count,
 * entries). See docs/storage-commitlog.md for every byte.
 */
final class RecordFormat {
    static final byte VERSION = 1;
    /** Length and checksum in front of the payload. */
    static final int FRAME_HEADER = 8;
    /** No record may be larger: a length above it is damage, not data. */
    static final int MAX_PAYLOAD = 256 << 20;
    /** Version, first sequence, a one-byte count and one entry with empty key and value. */
    static final int MIN_PAYLOAD = 1 + 8 + 1 + 3;

    static final int FLAG_TOMBSTONE = 1;
    static final int FLAG_EXPIRY = 2;
    static final int KNOWN_FLAGS = FLAG_TOMBSTONE | FLAG_EXPIRY;

    private RecordFormat() {}

    /**
     * The exact payload size of a record holding {@code entries}.
     *
     * @throws IllegalArgumentException if the batch is empty or would exceed {@link #MAX_PAYLOAD}
     */
    static int payloadSize(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a commit log record needs at least one entry");
        }
        long size = 1 + 8 + Bytes.varintSize(entries.size());
        for (int i = 0, n = entries.size(); i < n; i++) {
            Entry e = entries.get(i);
            int key = e.key().length;
            int value = e.value().length;
            size += 1 + Bytes.varintSize(key) + key + Bytes.varintSize(value) + value;
            if (e.hasExpiry()) {
                size += 8;
            }
        }
        if (size > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a batch of " + entries.size() + " entries encodes to " + size
                    + " bytes, above the " + MAX_PAYLOAD + " byte record limit");
        }
        return (int) size;
    }

    static int flags(Entry e) {
        return e.kind().code() | (e.hasExpiry() ? FLAG_EXPIRY : 0);
    }
}
