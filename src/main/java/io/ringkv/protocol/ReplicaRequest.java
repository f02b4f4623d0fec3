package io.ringkv.protocol;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.VersionedObject;

/** What a coordinator asks of one replica of a key. */
public sealed interface ReplicaRequest {
    String bucket();

    byte[] key();

    /** Read the replica's versions of the key. */
    record Get(String bucket, byte[] key) implements ReplicaRequest {}

    /** Apply a client write as the coordinating replica: it issues the new version's dot. */
    record Coordinate(String bucket, byte[] key, WriteRequest write) implements ReplicaRequest {}

    /** Merge versions another replica holds (replication of a write, read repair). */
    record Merge(String bucket, byte[] key, VersionedObject object, ConflictResolution resolution)
            implements ReplicaRequest {}

    /**
     * Keep versions for {@code intendedOwner}, a replica of the key that is down: the receiver is a
     * fallback and stores them as a hint (durably) to hand over once the owner is back.
     */
    record Hinted(
            String bucket, byte[] key, VersionedObject object, ConflictResolution resolution, String intendedOwner)
            implements ReplicaRequest {}

    /**
     * List the replica's live keys of {@code bucket} in {@code partition} that sort after {@code
     * afterKey} (empty: from the partition's first key), at most {@code limit} of them: one
     * partition's part of a cluster-wide key listing. Only reads.
     *
     * @throws IllegalArgumentException when the partition is not 0 to {@link
     *     ReplicaCodec#MAX_LIST_PARTITION} or the limit not 1 to {@link ReplicaCodec#MAX_LIST_LIMIT}
     */
    record ListKeys(String bucket, int partition, byte[] afterKey, int limit) implements ReplicaRequest {
        public ListKeys {
            if (partition < 0 || partition > ReplicaCodec.MAX_LIST_PARTITION) {
                throw new IllegalArgumentException(
                        "partition must be 0 to " + ReplicaCodec.MAX_LIST_PARTITION + ": " + partition);
            }
            if (limit < 1 || limit > ReplicaCodec.MAX_LIST_LIMIT) {
                throw new IllegalArgumentException("limit must be 1 to " + ReplicaCodec.MAX_LIST_LIMIT + ": " + limit);
            }
            if (afterKey == null) {
                throw new IllegalArgumentException("afterKey must not be null (empty: from the first key)");
            }
        }

        /** The key the listing continues after. */
        @Override
        public byte[] key() {
            return afterKey;
        }

        @Override
        public boolean readOnly() {
            return true;
        }
    }

    /** Whether the request only reads (it may share a batch with reads, and never waits for a sync). */
    default boolean readOnly() {
        return this instanceof Get;
    }
}
