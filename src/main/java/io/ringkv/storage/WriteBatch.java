package io.ringkv.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Mutations applied atomically: they go into one commit-log record, take consecutive sequence
 * numbers, and after a crash either all of them are there or none is.
 */
public final class WriteBatch {
    private final List<Entry> entries = new ArrayList<>();
    private int bytes;

    public WriteBatch put(byte[] key, byte[] value) {
        return put(key, value, Entry.NO_EXPIRY);
    }

    /** A value that reads as absent from {@code expiresAtMillis} (wall clock) on; 0 = never. */
    public WriteBatch put(byte[] key, byte[] value, long expiresAtMillis) {
        return add(new Entry(requireKey(key), 0, EntryKind.PUT, expiresAtMillis, requireValue(value)));
    }

    public WriteBatch delete(byte[] key) {
        return add(Entry.delete(requireKey(key), 0));
    }

    private WriteBatch add(Entry entry) {
        entries.add(entry);
        bytes += entry.weight();
        return this;
    }

    /** The mutations in the order they were added, sequence numbers not yet assigned (0). */
    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Approximate bytes of the batch, as counted against the memtable. */
    public int weight() {
        return bytes;
    }

    private static byte[] requireKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        return key;
    }

    private static byte[] requireValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null (use delete)");
        }
        return value;
    }
}
