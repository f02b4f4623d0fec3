package io.ringkv.storage.compaction;

import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryKind;

/**
 * What compaction does with a dead entry. A tombstone carries its deletion time (wall millis) in
 * {@code expiresAtMillis}; an expired value is dead from its expiry on. Either is dropped only
 * when the merge includes the oldest table (nothing older remains for it to shadow) and the grace
 * period has passed since it died — the grace period gives replicas time to learn of a delete
 * before its tombstone disappears. An expired value that cannot be dropped yet is shrunk to a
 * tombstone.
 */
public final class PurgeRule {
    private final long graceMillis;

    public PurgeRule(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /** The entry to write to the merged table, or null to drop it. */
    public Entry apply(Entry entry, boolean includesOldest, long nowMillis) {
        boolean expired = entry.kind() == EntryKind.PUT && entry.hasExpiry() && nowMillis >= entry.expiresAtMillis();
        if (!entry.isTombstone() && !expired) {
            return entry;
        }
        long diedAt = entry.expiresAtMillis();
        if (includesOldest && diedAt <= nowMillis - graceMillis) {
            return null;
        }
        return expired ? new Entry(entry.key(), entry.sequence(), EntryKind.DELETE, diedAt, Entry.EMPTY) : entry;
    }
}
