package io.ringkv.replica;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;

/**
 * A client write as the coordinating replica applies it.
 *
 * @param seen the causal context the client sent (empty for a blind write); null to supersede
 *     every version this replica has (a delete without a context, as in Riak)
 * @param content the value or deletion
 * @param ifAbsent apply only when the key has no live value
 * @param resolution the bucket's conflict resolution
 */
public record WriteRequest(VersionVector seen, Content content, boolean ifAbsent, ConflictResolution resolution) {}
