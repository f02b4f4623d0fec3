package io.ringkv.protocol;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.WriteId;
import java.util.Set;

/**
 * A client write as the coordinating replica applies it.
 *
 * @param seen the causal context the client sent (empty for a blind write); null to supersede
 *     every version this replica has (a delete without a context, as in Riak)
 * @param content the value or deletion
 * @param ifAbsent apply only when the key has no live value
 * @param resolution the bucket's conflict resolution
 * @param writeId the write's identity, the same on every attempt to apply it; null for none (then
 *     a repeat is recognised only by its value, see {@code io.ringkv.replica.ReplicaStore#put})
 * @param seenWriteIds the write ids of the versions the client was given with its context: the
 *     write replaces the versions of those writes whatever their dots (see docs/objects.md)
 */
public record WriteRequest(
        VersionVector seen,
        Content content,
        boolean ifAbsent,
        ConflictResolution resolution,
        WriteId writeId,
        Set<WriteId> seenWriteIds) {

    public WriteRequest {
        seenWriteIds = seenWriteIds == null ? Set.of() : Set.copyOf(seenWriteIds);
    }

    /** A write whose context names no write ids. */
    public WriteRequest(
            VersionVector seen, Content content, boolean ifAbsent, ConflictResolution resolution, WriteId writeId) {
        this(seen, content, ifAbsent, resolution, writeId, Set.of());
    }

    /** A write without a write id. */
    public WriteRequest(VersionVector seen, Content content, boolean ifAbsent, ConflictResolution resolution) {
        this(seen, content, ifAbsent, resolution, null);
    }
}
