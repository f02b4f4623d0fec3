package io.ringkv.bench;

import io.ringkv.port.Metrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.storage.KeyValue;
import io.ringkv.storage.KeyValueIterator;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.storage.sstable.Compression;
import java.io.IOException;
import java.nio.file.Path;

/** ringkv's {@link StorageEngine} on the production adapters. */
final class RingkvEngine implements BenchEngine {
    private final StorageEngine engine;
    private final ExecutorScheduler scheduler;

    private RingkvEngine(StorageEngine engine, ExecutorScheduler scheduler) {
        this.engine = engine;
        this.scheduler = scheduler;
    }

    static RingkvEngine open(Path dir, EngineSettings settings, boolean syncWrites) throws IOException {
        StorageOptions options = StorageOptions.builder(dir)
                .syncPolicy(syncWrites ? SyncPolicy.ALWAYS : SyncPolicy.NONE)
                .memtableBytes(settings.writeBufferBytes())
                .blockBytes(settings.blockBytes())
                .compression(Compression.LZ4)
                .bloomBitsPerKey(settings.bloomBitsPerKey())
                .blockCacheBytes(settings.blockCacheBytes())
                // RocksDB runs without a rate limiter unless given one.
                .compactionBytesPerSecond(0)
                .build();
        ExecutorScheduler scheduler = new ExecutorScheduler("ringkv-storage", settings.backgroundThreads());
        try {
            StorageEnvironment environment =
                    new StorageEnvironment(ChannelFileIO.INSTANCE, SystemClock.INSTANCE, scheduler, Metrics.noop());
            return new RingkvEngine(StorageEngine.open(options, environment), scheduler);
        } catch (IOException | RuntimeException e) {
            shutDown(scheduler);
            throw e;
        }
    }

    @Override
    public void put(byte[] key, byte[] value) throws IOException {
        engine.put(key, value);
    }

    @Override
    public byte[] get(byte[] key) throws IOException {
        return engine.get(key);
    }

    @Override
    public int scan(byte[] fromInclusive, int limit) throws IOException {
        int read = 0;
        long touched = 0;
        try (KeyValueIterator it = engine.scan(fromInclusive, null)) {
            while (read < limit && it.hasNext()) {
                KeyValue kv = it.next();
                touched += kv.key().length + kv.value().length;
                read++;
            }
        }
        Blackhole.consume(touched);
        return read;
    }

    @Override
    public void flushAndSettle() throws IOException {
        // Like RocksDB's flush + wait for compactions: nothing runs in the background while we read.
        engine.awaitIdle();
    }

    @Override
    public void close() throws IOException {
        try {
            engine.close();
        } finally {
            shutDown(scheduler);
        }
    }

    private static void shutDown(ExecutorScheduler scheduler) {
        try {
            scheduler.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
