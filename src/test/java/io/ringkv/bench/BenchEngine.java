package io.ringkv.bench;

import java.io.IOException;

/** One storage engine under test, behind the few operations the workloads need. */
interface BenchEngine extends AutoCloseable {

    void put(byte[] key, byte[] value) throws IOException;

    /** The value of {@code key}, or null when absent. */
    byte[] get(byte[] key) throws IOException;

    /** Reads up to {@code limit} entries from {@code fromInclusive} on, touching every key and value. */
    int scan(byte[] fromInclusive, int limit) throws IOException;

    /** Flushes the memtable to a table and waits for the background work the engine lets us wait for. */
    void flushAndSettle() throws IOException;

    @Override
    void close() throws IOException;
}
