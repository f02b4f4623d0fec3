package io.ringkv.protocol;

import io.ringkv.kv.BucketProps;

/**
 * What one exchange compares: the keys of {@code partition} whose bucket keeps at least {@code
 * minN} replicas (the two replicas exchanging hold exactly those keys in common), of every bucket or
 * of {@code bucket} alone.
 *
 * @param bucket the bucket whose keys count, or empty for every bucket
 */
public record RepairScope(int partition, int minN, String bucket) {
    /** The most partitions a ring may have (the partition travels as a u16). */
    public static final int MAX_PARTITIONS = 1 << 16;

    public RepairScope {
        if (partition < 0 || partition >= MAX_PARTITIONS) {
            throw new IllegalArgumentException("partition must be 0 to " + (MAX_PARTITIONS - 1) + ": " + partition);
        }
        if (minN < 1 || minN > BucketProps.MAX_N) {
            throw new IllegalArgumentException("min n must be 1 to " + BucketProps.MAX_N + ": " + minN);
        }
        if (bucket == null) {
            throw new IllegalArgumentException("bucket must not be null (empty for every bucket)");
        }
    }

    /** Every bucket's keys of {@code partition} kept on at least {@code minN} replicas. */
    public static RepairScope of(int partition, int minN) {
        return new RepairScope(partition, minN, "");
    }

    /** Whether a key of {@code keyBucket}, whose bucket keeps {@code n} replicas, counts. */
    public boolean includes(String keyBucket, int n) {
        return n >= minN && (bucket.isEmpty() || bucket.equals(keyBucket));
    }
}
