package io.ringkv.protocol;

import io.ringkv.kv.VersionedObject;
import java.util.List;

/** A replica's answer to a {@link ReplicaRequest}. */
public sealed interface ReplicaResponse {

    /** The replica's versions of the key: after a read, or after it applied a write or merge. */
    record Versions(VersionedObject object) implements ReplicaResponse {}

    /** The replica refused the write (a precondition or a limit); it stored nothing. */
    record Refused(WriteRefusedException.Reason reason, String message) implements ReplicaResponse {}

    /** The replica could not serve the request (its storage failed); nothing is known of the key. */
    record Failed(String message) implements ReplicaResponse {}

    /**
     * One partition's live keys of a bucket after a {@link ReplicaRequest.ListKeys}'s key, in key
     * order.
     *
     * @param keys the keys listed, at most the request's limit
     * @param resumeAfter null when the partition holds no more keys after the last one listed; else
     *     the key to continue after (the last key listed, or the last one examined when a page's
     *     scan budget ran out among deleted keys)
     */
    record Keys(List<byte[]> keys, byte[] resumeAfter) implements ReplicaResponse {
        public Keys {
            keys = List.copyOf(keys);
        }
    }
}
