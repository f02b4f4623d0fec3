package io.ringkv.storage;

import java.io.IOException;

/**
 * A log-structured merge engine: writes go to the commit log and the memtable, memtables are
 * flushed to SSTables, SSTables are compacted in the background.
 */
public final class StorageEngine implements AutoCloseable {

    private StorageEngine() {}

    /** Opens (creating if needed) the engine in {@code options.dataDir()}, replaying its commit log. */
    public static StorageEngine open(StorageOptions options, StorageEnvironment environment) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stores {@code value} under {@code key}; returns the write's sequence number once durable per policy. */
    public long put(byte[] key, byte[] value) throws IOException {
        return write(new WriteBatch().put(key, value));
    }

    /** Stores a value that reads as absent from {@code expiresAtMillis} (wall clock) on. */
    public long put(byte[] key, byte[] value, long expiresAtMillis) throws IOException {
        return write(new WriteBatch().put(key, value, expiresAtMillis));
    }

    /** Writes a tombstone for {@code key}. */
    public long delete(byte[] key) throws IOException {
        return write(new WriteBatch().delete(key));
    }

    /** Applies {@code batch} atomically; returns the sequence number of its last mutation. */
    public long write(WriteBatch batch) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** The live value of {@code key}, or null when absent, deleted or expired. */
    public byte[] get(byte[] key) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Live keys in [{@code fromInclusive}, {@code toExclusive}) in key order; null bounds are open. */
    public KeyValueIterator scan(byte[] fromInclusive, byte[] toExclusive) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Flushes the memtable to an SSTable and waits for it. */
    public void flush() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Merges all tables into one and waits for it. */
    public void compactAll() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
