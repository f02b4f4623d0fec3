package io.ringkv.kv;

/** Bytes that do not decode as what they claim to be (an object, a context); the message says why. */
public final class EncodingException extends Exception {
    public EncodingException(String message) {
        super(message);
    }
}
