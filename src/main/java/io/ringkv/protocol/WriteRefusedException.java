package io.ringkv.protocol;

/** A write the replica did not apply, and why; nothing was stored. */
public final class WriteRefusedException extends Exception {
    /** Why a write was refused. */
    public enum Reason {
        /** The write asked for an absent key, and the key has a live value. */
        KEY_EXISTS,
        /** The write would leave more siblings than the limit. */
        TOO_MANY_SIBLINGS,
        /** The write would make the stored object larger than the limit. */
        OBJECT_TOO_LARGE
    }

    private final Reason reason;

    public WriteRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
