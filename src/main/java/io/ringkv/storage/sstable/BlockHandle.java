package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;

/**
 * Where a stored block lies in a table file: {@code size} bytes at {@code offset}, counting the
 * payload and its five-byte trailer (compression code and checksum).
 */
public record BlockHandle(long offset, int size) {
    /** Encoded size: u64 offset, u32 size. */
    static final int ENCODED_SIZE = 12;

    public BlockHandle {
        if (offset < 0 || size < BlockCodec.TRAILER_SIZE) {
            throw new IllegalArgumentException("bad block handle: offset " + offset + ", size " + size);
        }
    }

    /** The offset just past the block. */
    public long end() {
        return offset + size;
    }

    void writeTo(ByteWriter out) {
        out.u64(offset).u32(size);
    }

    static BlockHandle readFrom(ByteReader in, String what) throws CorruptionException {
        int at = in.position();
        long offset = in.u64();
        int size = in.u32();
        if (offset < 0 || size < BlockCodec.TRAILER_SIZE) {
            throw in.corrupt(what + " handle has offset " + offset + " and size " + size, at);
        }
        return new BlockHandle(offset, size);
    }
}
