package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Keys;

/** The decoded index of a table: for each data block, its last key and its handle, in memory. */
public final class Index {
    private final byte[][] lastKeys;
    private final long[] offsets;
    private final int[] sizes;

    private Index(byte[][] lastKeys, long[] offsets, int[] sizes) {
        this.lastKeys = lastKeys;
        this.offsets = offsets;
        this.sizes = sizes;
    }

    /**
     * Decodes what {@link IndexBuilder#finish()} wrote, checking that blocks lie back to back from
     * offset 0 and that last keys strictly increase.
     */
    public static Index decode(byte[] raw) throws CorruptionException {
        ByteReader in = new ByteReader(raw, "index block");
        int version = in.u8();
        if (version != IndexBuilder.VERSION) {
            throw in.corrupt("unknown index version " + version, 0);
        }
        int count = in.varint();
        // Each block takes at least 13 bytes, which bounds the arrays before they are allocated.
        if (count > in.remaining() / 13) {
            throw in.corrupt("block count " + count + " does not fit " + raw.length + " bytes", 1);
        }
        byte[][] lastKeys = new byte[count][];
        long[] offsets = new long[count];
        int[] sizes = new int[count];
        long nextOffset = 0;
        for (int i = 0; i < count; i++) {
            int at = in.position();
            lastKeys[i] = in.lengthPrefixed("last key");
            BlockHandle handle = BlockHandle.readFrom(in, "data block " + i);
            if (handle.offset() != nextOffset) {
                throw in.corrupt("data block " + i + " at " + handle.offset() + " does not follow " + nextOffset, at);
            }
            if (i > 0 && Keys.compare(lastKeys[i], lastKeys[i - 1]) <= 0) {
                throw in.corrupt("last key of block " + i + " does not sort after block " + (i - 1), at);
            }
            offsets[i] = handle.offset();
            sizes[i] = handle.size();
            nextOffset = handle.end();
        }
        in.expectEnd();
        return new Index(lastKeys, offsets, sizes);
    }

    public int blockCount() {
        return offsets.length;
    }

    /** The first block whose last key is {@code >= key}, or -1 if every block ends before it. */
    public int findBlock(byte[] key) {
        int low = 0;
        int high = lastKeys.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Keys.compare(lastKeys[mid], key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low == lastKeys.length ? -1 : low;
    }

    public byte[] lastKey(int block) {
        return lastKeys[block];
    }

    public long offset(int block) {
        return offsets[block];
    }

    public int size(int block) {
        return sizes[block];
    }

    public BlockHandle handle(int block) {
        return new BlockHandle(offsets[block], sizes[block]);
    }

    /** The offset just past the last data block: where the data region ends. */
    public long dataEnd() {
        int n = offsets.length;
        return n == 0 ? 0 : offsets[n - 1] + sizes[n - 1];
    }
}
