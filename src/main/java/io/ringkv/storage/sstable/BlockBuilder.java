package io.ringkv.storage.sstable;

import io.ringkv.storage.Entry;
import io.ringkv.storage.Keys;
import java.util.Arrays;

/**
 * Lays out a data block: entries back to back in strictly increasing key order, then the u32
 * offset of each entry, then the u32 entry count (see {@link Block} for the entry layout).
 */
public final class BlockBuilder {
    static final int FLAG_TOMBSTONE = 1;
    static final int FLAG_EXPIRY = 2;

    private final ByteWriter entries;
    private int[] offsets = new int[64];
    private int count;
    private byte[] lastKey;

    public BlockBuilder(int expectedBytes) {
        entries = new ByteWriter(expectedBytes + expectedBytes / 4);
    }

    /** Appends {@code entry}, whose key must sort after every key added since the last reset. */
    public void add(Entry entry) {
        byte[] key = entry.key();
        if (lastKey != null && Keys.compare(key, lastKey) <= 0) {
            throw new IllegalArgumentException("block keys must strictly increase: " + TableBuilder.hex(key) + " after "
                    + TableBuilder.hex(lastKey));
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = entries.size();
        int flags = entry.kind().code() | (entry.hasExpiry() ? FLAG_EXPIRY : 0);
        entries.lengthPrefixed(key).u64(entry.sequence()).u8(flags);
        if (entry.hasExpiry()) {
            entries.u64(entry.expiresAtMillis());
        }
        entries.lengthPrefixed(entry.value());
        lastKey = key;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int entryCount() {
        return count;
    }

    /** The key added last, or null when empty. */
    public byte[] lastKey() {
        return lastKey;
    }

    /** Bytes {@link #finish()} would return now. */
    public int estimatedSize() {
        return entries.size() + 4 * count + 4;
    }

    /** The raw block bytes; call {@link #reset()} before adding more. */
    public byte[] finish() {
        int entriesEnd = entries.size();
        for (int i = 0; i < count; i++) {
            entries.u32(offsets[i]);
        }
        entries.u32(count);
        byte[] raw = entries.toByteArray();
        // Drop the trailer again so finish() leaves the builder as it was.
        entries.truncate(entriesEnd);
        return raw;
    }

    public void reset() {
        entries.reset();
        count = 0;
        lastKey = null;
    }
}
