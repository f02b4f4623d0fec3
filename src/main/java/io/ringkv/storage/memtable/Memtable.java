package io.ringkv.storage.memtable;

import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryIterator;
import io.ringkv.storage.Keys;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory, sorted, concurrent buffer of recent writes. It keeps only the newest version of
 * each key (there are no snapshots that could need an older one), and counts its bytes so the
 * engine can freeze it and flush it to an SSTable when it is full.
 */
public final class Memtable {
    /** Per-entry bookkeeping of the skip list (node, index levels, entry object), roughly. */
    private static final int OVERHEAD_BYTES = 64;

    private final ConcurrentSkipListMap<byte[], Entry> entries = new ConcurrentSkipListMap<>(Keys.ORDER);
    private final AtomicLong bytes = new AtomicLong();
    private final long firstSegmentId;

    /** @param firstSegmentId the commit log segment this memtable's first write goes to */
    public Memtable(long firstSegmentId) {
        this.firstSegmentId = firstSegmentId;
    }

    public long firstSegmentId() {
        return firstSegmentId;
    }

    /** Adds an entry; a newer version of the key replaces an older one, never the other way round. */
    public void add(Entry entry) {
        entries.merge(entry.key(), entry, (old, incoming) -> incoming.sequence() > old.sequence() ? incoming : old);
        // Replaced versions are not subtracted: the count bounds memory churn, which is what matters.
        bytes.addAndGet(entry.weight() + OVERHEAD_BYTES);
    }

    /** The newest entry of {@code key}, tombstones included, or null. */
    public Entry get(byte[] key) {
        return entries.get(key);
    }

    public long approximateBytes() {
        return bytes.get();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** Entries in [{@code from}, {@code to}) in key order (null bounds are open); weakly consistent. */
    public EntryIterator iterator(byte[] from, byte[] to) {
        NavigableMap<byte[], Entry> range;
        if (from == null && to == null) {
            range = entries;
        } else if (from == null) {
            range = entries.headMap(to, false);
        } else if (to == null) {
            range = entries.tailMap(from, true);
        } else if (Keys.compare(from, to) >= 0) {
            range = entries.subMap(from, true, from, false);
        } else {
            range = entries.subMap(from, true, to, false);
        }
        return EntryIterator.of(range.values().iterator());
    }
}
