package io.ringkv.client;

/**
 * No node gave an answer: every node tried refused the connection or failed before answering.
 * {@link #mayHaveBeenApplied()} says whether a write may still have been stored (a node took the
 * request and then failed or timed out), as a {@code replicas-unavailable} write may.
 */
public class RingkvConnectionException extends RingkvException {
    private final boolean mayHaveBeenApplied;

    RingkvConnectionException(String node, String message, boolean mayHaveBeenApplied, Throwable cause) {
        super(node, message, cause);
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
