package io.ringkv.kv;

import java.util.Objects;

/**
 * One version of a key: its content and the event that wrote it.
 *
 * <p>Equality compares the content's value bytes by content (see {@link Content#equals}).
 *
 * @param dot the write event that created this version
 * @param timestamp hybrid-logical-clock timestamp the coordinator gave the write (see {@link Hlc})
 * @param content the value or tombstone written
 */
public record Sibling(Dot dot, long timestamp, Content content) {

    public Sibling {
        Objects.requireNonNull(dot, "dot");
        Objects.requireNonNull(content, "content");
    }

    /** Wall-clock milliseconds of the write, from its timestamp. */
    public long lastModifiedMillis() {
        return Hlc.physicalMillis(timestamp);
    }

    public boolean deleted() {
        return content.deleted();
    }

    /** Whether this version has expired at {@code nowMillis}. */
    public boolean isExpiredAt(long nowMillis) {
        long expiresAt = content.expiresAtMillis();
        return expiresAt != Content.NO_EXPIRY && expiresAt <= nowMillis;
    }
}
