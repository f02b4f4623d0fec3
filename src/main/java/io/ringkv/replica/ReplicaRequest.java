package io.ringkv.replica;

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
}
