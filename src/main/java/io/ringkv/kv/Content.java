package io.ringkv.kv;

/**
 * What a client writes to a key: a value with its content type, or a deletion.
 *
 * @param contentType the media type given with the value, returned with it
 * @param value the value's bytes (empty for a deletion)
 * @param deleted whether this write deletes the key
 * @param expiresAtMillis wall-clock time after which this version reads as absent, or {@link
 *     #NO_EXPIRY}
 */
public record Content(String contentType, byte[] value, boolean deleted, long expiresAtMillis) {
    public static final long NO_EXPIRY = 0;
    public static final String TOMBSTONE_TYPE = "";

    public static Content value(String contentType, byte[] value, long expiresAtMillis) {
        return new Content(contentType, value, false, expiresAtMillis);
    }

    /** A deletion, kept as a tombstone until {@code expiresAtMillis} so replicas learn of it. */
    public static Content tombstone(long expiresAtMillis) {
        return new Content(TOMBSTONE_TYPE, new byte[0], true, expiresAtMillis);
    }
}
