package io.ringkv.client;

/** A node answered something the API does not answer: a body that is not the documented JSON. */
public class RingkvProtocolException extends RingkvException {
    RingkvProtocolException(String node, String message) {
        super(node, message + " (node " + node + ")", null);
    }

    RingkvProtocolException(String node, String message, Throwable cause) {
        super(node, message + " (node " + node + ")", cause);
    }
}
