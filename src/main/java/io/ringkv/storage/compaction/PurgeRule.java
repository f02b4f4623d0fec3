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
 *
 * <p>A live value is kept, unless the merge includes the oldest table and the {@link PurgeGate}
 * says the layer above holds it as a deletion that may go (a replica's tombstone, purged once every
 * replica of its partition holds it: see docs/repair.md).
 */
public final class PurgeRule {
    private final long graceMillis;
    private final PurgeGate gate;

    public PurgeRule(long graceMillis) {
        this(graceMillis, PurgeGate.NONE);
    }

    public PurgeRule(long graceMillis, PurgeGate gate) {
        this.graceMillis = graceMillis;
        this.gate = gate;
    }

    /** The entry to write to the merged table, or null to drop it. */
    public Entry apply(Entry entry, boolean includesOldest, long nowMillis) {
        boolean expired = entry.kind() == EntryKind.PUT && entry.hasExpiry() && nowMillis >= entry.expiresAtMillis();
        if (!entry.isTombstone() && !expired) {
            return includesOldest && gate.purgeable(entry.key(), entry.value(), nowMillis) ? null : entry;
        }
        long diedAt = entry.expiresAtMillis();
        if (includesOldest && diedAt <= nowMillis - graceMillis) {
            return null;
        }
        return expired ? new Entry(entry.key(), entry.sequence(), EntryKind.DELETE, diedAt, Entry.EMPTY) : entry;
    }
}
