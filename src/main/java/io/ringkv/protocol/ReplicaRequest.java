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
}
