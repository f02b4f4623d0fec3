package io.ringkv.handoff;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.VersionedObject;

/**
 * Versions of a key that a fallback node accepted for a replica that was down, to be handed to that
 * replica once it is back.
 *
 * @param bucket the key's bucket
 * @param key the key
 * @param object the versions to merge into the replica
 * @param resolution the bucket's conflict resolution when the hint was taken
 * @param createdAtMillis when the hint was stored (wall clock)
 */
public record Hint(
        String bucket, byte[] key, VersionedObject object, ConflictResolution resolution, long createdAtMillis) {}
