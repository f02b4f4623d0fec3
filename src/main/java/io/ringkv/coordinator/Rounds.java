package io.ringkv.coordinator;

import io.ringkv.protocol.ReplicaResponse;
import java.util.concurrent.CompletionException;

/** Shared bits of read and write rounds. */
final class Rounds {
    private Rounds() {}

    /** Why an answer does not count, in words for the client's problem detail. */
    static String reason(ReplicaResponse response, Throwable error) {
        if (error != null) {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String message = cause.getMessage();
            return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        if (response instanceof ReplicaResponse.Failed f) {
            return "replica failed: " + f.message();
        }
        if (response instanceof ReplicaResponse.Refused r) {
            return "replica refused: " + r.message();
        }
        return "unexpected answer " + response;
    }
}
