package io.ringkv.protocol;

import io.ringkv.kv.VersionedObject;

/** A replica's answer to a {@link ReplicaRequest}. */
public sealed interface ReplicaResponse {

    /** The replica's versions of the key: after a read, or after it applied a write or merge. */
    record Versions(VersionedObject object) implements ReplicaResponse {}

    /** The replica refused the write (a precondition or a limit); it stored nothing. */
    record Refused(WriteRefusedException.Reason reason, String message) implements ReplicaResponse {}

    /** The replica could not serve the request (its storage failed); nothing is known of the key. */
    record Failed(String message) implements ReplicaResponse {}
}
