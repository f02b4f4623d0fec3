package io.ringkv.kv;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a client writes to a key: a value with its content type, or a deletion.
 *
 * <p>The value array is not copied: whoever builds a {@code Content} hands the array over and must
 * not change it afterwards. Equality compares the value bytes by content.
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

    private static final int SHOWN_VALUE_BYTES = 16;

    public Content {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(value, "value");
    }

    public static Content value(String contentType, byte[] value, long expiresAtMillis) {
        return new Content(contentType, value, false, expiresAtMillis);
    }

    /** A deletion, kept as a tombstone until {@code expiresAtMillis} so replicas learn of it. */
    public static Content tombstone(long expiresAtMillis) {
        return new Content(TOMBSTONE_TYPE, new byte[0], true, expiresAtMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Content other
                && deleted == other.deleted
                && expiresAtMillis == other.expiresAtMillis
                && contentType.equals(other.contentType)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        int hash = contentType.hashCode();
        hash = 31 * hash + Arrays.hashCode(value);
        hash = 31 * hash + Boolean.hashCode(deleted);
        return 31 * hash + Long.hashCode(expiresAtMillis);
    }

    @Override
    public String toString() {
        // Values can be large: show their length and first bytes only.
        int shown = Math.min(value.length, SHOWN_VALUE_BYTES);
        String head = HexFormat.of().formatHex(value, 0, shown) + (shown < value.length ? "…" : "");
        return "Content[contentType=" + contentType + ", value=" + value.length + " bytes " + head + ", deleted="
                + deleted + ", expiresAtMillis=" + expiresAtMillis + "]";
    }
}
