package io.ringkv.client;

import java.nio.charset.StandardCharsets;

/**
 * Where the server places a key: the 64-bit Murmur3 hash of the bucket's UTF-8 length (two bytes,
 * big-endian), the bucket and the key, and the partition is the hash's top log2(Q) bits.
 */
public final class Partitions {
    /** The most partitions a ring can have (the server's limit). */
    public static final int MAX_PARTITIONS = 1 << 16;

    /** The longest bucket name the server takes, in UTF-8 bytes. */
    public static final int MAX_BUCKET_BYTES = 255;

    private Partitions() {}

    /** The hash the server computes for a bucket and key. */
    public static long hash(String bucket, String key) {
        return hash(bucketBytes(bucket), utf8("key", key));
    }

    static long hash(byte[] bucket, byte[] key) {
        byte[] input = new byte[2 + bucket.length + key.length];
        input[0] = (byte) (bucket.length >>> 8);
        input[1] = (byte) bucket.length;
        System.arraycopy(bucket, 0, input, 2, bucket.length);
        System.arraycopy(key, 0, input, 2 + bucket.length, key.length);
        return Murmur3.hash64(input);
    }

    /** The partition of a hash on a ring of {@code partitions} partitions (a power of two). */
    public static int partitionOfHash(long hash, int partitions) {
        checkPartitions(partitions);
        int shift = 64 - Integer.numberOfTrailingZeros(partitions);
        return shift == 64 ? 0 : (int) (hash >>> shift);
    }

    /** The partition of a key on a ring of {@code partitions} partitions (a power of two). */
    public static int partitionOf(String bucket, String key, int partitions) {
        return partitionOfHash(hash(bucket, key), partitions);
    }

    static void checkPartitions(int partitions) {
        if (partitions < 1 || partitions > MAX_PARTITIONS || Integer.bitCount(partitions) != 1) {
            throw new IllegalArgumentException(
                    "partitions must be a power of two between 1 and " + MAX_PARTITIONS + ": " + partitions);
        }
    }

    /** A bucket name's UTF-8 bytes; refused when empty, not valid UTF-16 or above 255 bytes. */
    static byte[] bucketBytes(String bucket) {
        byte[] b = utf8("bucket", bucket);
        if (b.length > MAX_BUCKET_BYTES) {
            throw new IllegalArgumentException(
                    "bucket name is " + b.length + " bytes (UTF-8), above the limit of " + MAX_BUCKET_BYTES);
        }
        return b;
    }

    /** A name's UTF-8 bytes; refused when null, empty or holding an unpaired surrogate. */
    static byte[] utf8(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException(what + " is not valid Unicode (an unpaired surrogate)");
                }
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
