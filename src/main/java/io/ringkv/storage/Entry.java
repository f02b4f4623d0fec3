package io.ringkv.storage;

/**
 * One version of one key as the engine stores it. Entries order by key (unsigned bytes,
 * ascending), then by sequence (descending), so the newest version of a key comes first.
 *
 * @param key the key, never null
 * @param sequence the write's sequence number; higher is newer
 * @param kind value or tombstone
 * @param expiresAtMillis wall-clock millis after which a value reads as absent; 0 means never
 * @param value the value; empty for a tombstone
 */
public record Entry(byte[] key, long sequence, EntryKind kind, long expiresAtMillis, byte[] value) {
    public static final byte[] EMPTY = new byte[0];
    public static final long NO_EXPIRY = 0;

    public static Entry put(byte[] key, long sequence, byte[] value) {
        return new Entry(key, sequence, EntryKind.PUT, NO_EXPIRY, value);
    }

    public static Entry delete(byte[] key, long sequence) {
        return new Entry(key, sequence, EntryKind.DELETE, NO_EXPIRY, EMPTY);
    }

    public boolean isTombstone() {
        return kind == EntryKind.DELETE;
    }

    public boolean hasExpiry() {
        return expiresAtMillis != NO_EXPIRY;
    }

    /** True when the entry does not give the key a value at {@code nowMillis}. */
    public boolean isDeadAt(long nowMillis) {
        return kind == EntryKind.DELETE || (hasExpiry() && nowMillis >= expiresAtMillis);
    }

    public Entry withSequence(long newSequence) {
        return new Entry(key, newSequence, kind, expiresAtMillis, value);
    }

    /** Bytes this entry accounts for in memory and on disk, roughly: key, value and fixed fields. */
    public int weight() {
        return key.length + value.length + 24;
    }
}
