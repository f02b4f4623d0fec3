package io.ringkv.storage.compaction;

/**
 * The layer above the engine's say on purging a value the engine itself sees as live: a value that
 * stands for a deletion at that layer (a replica's tombstone: an object whose every version is a
 * deletion) may go only when that layer knows every other replica holds it. Compaction asks only
 * when the merge includes the oldest table, so that no older version of the key remains to reappear
 * once the value is dropped.
 */
@FunctionalInterface
public interface PurgeGate {
    /** Never drops a live value: the engine's own rule alone. */
    PurgeGate NONE = (key, value, nowMillis) -> false;

    /** Whether the live value {@code value} of {@code key} may be dropped now. Must not throw. */
    boolean purgeable(byte[] key, byte[] value, long nowMillis);
}
