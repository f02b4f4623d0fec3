package io.ringkv.client;

/** Every failure the client reports: a problem a node answered, no node reached, or a bad answer. */
public class RingkvException extends RuntimeException {
    private final String node;

    RingkvException(String node, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
    }

    /** The node (host:port) the failure is about; null when it is about no single node. */
    public String node() {
        return node;
    }
}
