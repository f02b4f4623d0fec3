package io.ringkv.transfer;

import java.util.Arrays;

/**
 * A receiver's request for the next chunk of a key range: the stored objects of storage partition
 * {@code range} after the storage key {@code after} (from the range's start when null), about
 * {@code maxBytes} of them.
 */
public record RangeChunkRequest(int range, byte[] after, int maxBytes) {
    public RangeChunkRequest {
        if (range < 0 || range > 0xffff) {
            throw new IllegalArgumentException("range " + range + " is not 0 to 65535");
        }
        if (maxBytes < 1 || maxBytes > RangeChunkCodec.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException(
                    "chunk budget " + maxBytes + " is not 1 to " + RangeChunkCodec.MAX_CHUNK_BYTES + " bytes");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangeChunkRequest r
                && r.range == range
                && r.maxBytes == maxBytes
                && Arrays.equals(r.after, after);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * range + maxBytes) + Arrays.hashCode(after);
    }

    @Override
    public String toString() {
        return "RangeChunkRequest[range=" + range + ", after=" + (after == null ? "start" : after.length + " bytes")
                + ", maxBytes=" + maxBytes + "]";
    }
}
