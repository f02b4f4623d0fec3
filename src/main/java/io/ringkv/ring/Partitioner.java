package io.ringkv.ring;

import io.ringkv.hash.Murmur3;
import java.nio.charset.StandardCharsets;

/**
 * Places a key in one of Q equal partitions of the 64-bit Murmur3 hash space: the partition is the
 * top log2(Q) bits of the hash of the bucket and the key, so partition {@code p} covers the hashes
 * {@code [p * 2^64/Q, (p+1) * 2^64/Q)} read as unsigned numbers.
 */
public final class Partitioner {
    public static final int MAX_PARTITIONS = 1 << 16;

    private final int partitions;
    private final int shift;

    public Partitioner(int partitions) {
        if (partitions < 1 || partitions > MAX_PARTITIONS || Integer.bitCount(partitions) != 1) {
            throw new IllegalArgumentException(
                    "partitions must be a power of two between 1 and " + MAX_PARTITIONS + ": " + partitions);
        }
        this.partitions = partitions;
        this.shift = 64 - Integer.numberOfTrailingZeros(partitions);
    }

    public int partitions() {
        return partitions;
    }

    /** The 64-bit hash of a bucket and key; the bucket's length is hashed too, so no two pairs meet. */
    public static long hash(String bucket, byte[] key) {
        byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[2 + b.length + key.length];
        input[0] = (byte) (b.length >>> 8);
        input[1] = (byte) b.length;
        System.arraycopy(b, 0, input, 2, b.length);
        System.arraycopy(key, 0, input, 2 + b.length, key.length);
        return Murmur3.hash64(input);
    }

    public int partitionOf(String bucket, byte[] key) {
        return partitionOfHash(hash(bucket, key));
    }

    /** The partition holding a hash: its top bits. */
    public int partitionOfHash(long hash) {
        return shift == 64 ? 0 : (int) (hash >>> shift);
    }
}
