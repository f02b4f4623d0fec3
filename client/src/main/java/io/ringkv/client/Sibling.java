package io.ringkv.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One version of a key: its value and content type, when it was written, or a deletion that was
 * concurrent with a write (then without value or content type).
 */
public final class Sibling {
    private final String contentType;
    private final byte[] value;
    private final Instant lastModified;
    private final boolean deleted;

    Sibling(String contentType, byte[] value, Instant lastModified, boolean deleted) {
        this.contentType = contentType;
        this.value = value;
        this.lastModified = lastModified;
        this.deleted = deleted;
    }

    /** The media type it was written with; null for a deletion. */
    public String contentType() {
        return contentType;
    }

    /** A copy of its bytes; empty for a deletion. */
    public byte[] value() {
        return value == null ? new byte[0] : value.clone();
    }

    /** Its bytes as UTF-8 text. */
    public String valueAsString() {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    /** When it was written; null when the node did not say. */
    public Instant lastModified() {
        return lastModified;
    }

    public boolean deleted() {
        return deleted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sibling s
                && deleted == s.deleted
                && Objects.equals(contentType, s.contentType)
                && Arrays.equals(value, s.value)
                && Objects.equals(lastModified, s.lastModified);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contentType, Arrays.hashCode(value), lastModified, deleted);
    }

    @Override
    public String toString() {
        return deleted
                ? "Sibling{deleted, " + lastModified + "}"
                : "Sibling{" + contentType + ", " + (value == null ? 0 : value.length) + " bytes, " + lastModified
                        + "}";
    }
}
