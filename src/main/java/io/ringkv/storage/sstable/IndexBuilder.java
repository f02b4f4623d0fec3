package io.ringkv.storage.sstable;

import io.ringkv.storage.Keys;

/**
 * Collects the last key and handle of each data block. Encoding: {@code u8 version (1), varint
 * blockCount}, then per block {@code varint keyLength, lastKey, u64 offset, u32 size}.
 */
public final class IndexBuilder {
    static final int VERSION = 1;

    private final ByteWriter out = new ByteWriter(4096);
    private int count;
    private byte[] lastKey;
    private long nextOffset;

    /**
     * Records a data block; blocks must be added in file order, back to back from offset 0, with
     * increasing last keys.
     */
    public void add(byte[] blockLastKey, BlockHandle handle) {
        if (lastKey != null && Keys.compare(blockLastKey, lastKey) <= 0) {
            throw new IllegalArgumentException("index keys must strictly increase: " + TableBuilder.hex(blockLastKey)
                    + " after " + TableBuilder.hex(lastKey));
        }
        if (handle.offset() != nextOffset) {
            throw new IllegalArgumentException(
                    "data block at " + handle.offset() + " does not follow the previous one ending at " + nextOffset);
        }
        out.lengthPrefixed(blockLastKey);
        handle.writeTo(out);
        count++;
        lastKey = blockLastKey;
        nextOffset = handle.end();
    }

    public int blockCount() {
        return count;
    }

    /** Bytes {@link #finish()} would return now, roughly. */
    public int estimatedSize() {
        return out.size() + 6;
    }

    public byte[] finish() {
        ByteWriter encoded = new ByteWriter(out.size() + 6);
        encoded.u8(VERSION).varint(count).bytes(out.toByteArray());
        return encoded.toByteArray();
    }
}
