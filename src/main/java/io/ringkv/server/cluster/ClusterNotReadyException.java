package io.ringkv.server.cluster;

/** A request needs the ring, and this node has not heard from every seed yet. */
public final class ClusterNotReadyException extends RuntimeException {
    public ClusterNotReadyException(String message) {
        super(message, null, false, false);
    }
}
