package io.ringkv.storage;

import java.io.IOException;

/**
 * Stored bytes that do not decode: a bad checksum, an unknown format version, a length that does
 * not fit. Every decoder of the engine throws this and only this for bad input, and its message
 * names what was being read and where.
 */
public final class CorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptionException(String message) {
        super(message);
    }

    public CorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
