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
 * @param writeId the client write this version stores, or null when it was written without one (by
 *     a node of an earlier version); two versions with the same id are the same write
 */
public record Sibling(Dot dot, long timestamp, Content content, WriteId writeId) {

    public Sibling {
        Objects.requireNonNull(dot, "dot");
        Objects.requireNonNull(content, "content");
    }

    /** A version without a write id. */
    public Sibling(Dot dot, long timestamp, Content content) {
        this(dot, timestamp, content, null);
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
