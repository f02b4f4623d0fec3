package io.ringkv.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link BenchEngine} for testing the harness without a disk. */
final class MapEngine implements BenchEngine {
    final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();

    @Override
    public void put(byte[] key, byte[] value) {
        puts.incrementAndGet();
        map.put(key, value);
    }

    @Override
    public byte[] get(byte[] key) {
        return map.get(key);
    }

    @Override
    public int scan(byte[] fromInclusive, int limit) {
        int read = 0;
        for (Map.Entry<byte[], byte[]> e : map.tailMap(fromInclusive, true).entrySet()) {
            if (read == limit) {
                break;
            }
            read++;
        }
        return read;
    }

    @Override
    public void flushAndSettle() {
        flushes.incrementAndGet();
    }

    @Override
    public void close() {}
}
