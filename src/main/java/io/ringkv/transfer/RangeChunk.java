package io.ringkv.transfer;

import java.util.Arrays;
import java.util.List;

/**
 * One answer of a range stream: stored objects of a range in storage-key order, each as the source's
 * engine holds it (storage key, encoded object).
 *
 * @param range the storage partition the entries belong to
 * @param estimatedRangeBytes the source's estimate of the whole range's stored bytes (keys and
 *     objects), given with the range's first chunk; 0 when not given
 * @param entries the objects, keys strictly ascending
 * @param more whether the range has objects after the last entry (ask again after its key)
 */
public record RangeChunk(int range, long estimatedRangeBytes, List<Entry> entries, boolean more) {
    public RangeChunk {
        entries = List.copyOf(entries);
        if (more && entries.isEmpty()) {
            throw new IllegalArgumentException("a chunk with more to come holds at least one entry");
        }
    }

    /** One stored object: its storage key and its encoded bytes. */
    public record Entry(byte[] storageKey, byte[] object) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && Arrays.equals(e.storageKey, storageKey) && Arrays.equals(e.object, object);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(storageKey) + Arrays.hashCode(object);
        }

        @Override
        public String toString() {
            return "Entry[" + storageKey.length + "+" + object.length + " bytes]";
        }

        /** The bytes this entry counts for in budgets and progress. */
        public long size() {
            return storageKey.length + (long) object.length;
        }
    }

    /** The key to ask after for the next chunk (the last entry's), or null when there is none. */
    public byte[] lastKey() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1).storageKey();
    }

    /** The entries' bytes (keys and objects). */
    public long bytes() {
        long total = 0;
        for (Entry e : entries) {
            total += e.size();
        }
        return total;
    }
}
