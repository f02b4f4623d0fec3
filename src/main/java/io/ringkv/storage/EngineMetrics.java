package io.ringkv.storage;

import io.ringkv.port.Metrics;
import io.ringkv.storage.sstable.BlockCache;
import java.util.function.Supplier;

/** The engine's meters, named once. */
final class EngineMetrics {
    final Metrics registry;
    final Metrics.Counter writes;
    final Metrics.Timer writeLatency;
    final Metrics.Counter reads;
    final Metrics.Timer readLatency;
    final Metrics.Counter scans;
    final Metrics.Counter flushes;
    final Metrics.Timer flushLatency;
    final Metrics.Counter compactions;
    final Metrics.Timer compactionLatency;
    final Metrics.Counter compactionBytesRead;
    final Metrics.Counter compactionBytesWritten;
    final Metrics.Counter compactionFailures;
    final Metrics.Counter purgedEntries;
    final Metrics.Counter slowdowns;
    final Metrics.Counter stalls;
    final Metrics.Timer stallTime;
    final Metrics.Counter failures;

    EngineMetrics(Metrics m) {
        registry = m;
        writes = m.counter("ringkv.storage.writes");
        writeLatency = m.timer("ringkv.storage.write.latency");
        reads = m.counter("ringkv.storage.reads");
        readLatency = m.timer("ringkv.storage.read.latency");
        scans = m.counter("ringkv.storage.scans");
        flushes = m.counter("ringkv.storage.flushes");
        flushLatency = m.timer("ringkv.storage.flush.latency");
        compactions = m.counter("ringkv.storage.compactions");
        compactionLatency = m.timer("ringkv.storage.compaction.latency");
        compactionBytesRead = m.counter("ringkv.storage.compaction.bytes.read");
        compactionBytesWritten = m.counter("ringkv.storage.compaction.bytes.written");
        compactionFailures = m.counter("ringkv.storage.compaction.failures");
        purgedEntries = m.counter("ringkv.storage.compaction.purged");
        slowdowns = m.counter("ringkv.storage.write.slowdowns");
        stalls = m.counter("ringkv.storage.write.stalls");
        stallTime = m.timer("ringkv.storage.write.stall.time");
        failures = m.counter("ringkv.storage.failures");
    }

    void registerGauges(Supplier<EngineState> state, BlockCache cache) {
        registry.gauge("ringkv.storage.memtable.bytes", () -> {
            EngineState s = state.get();
            long bytes = s.active().approximateBytes();
            for (var m : s.immutables()) {
                bytes += m.approximateBytes();
            }
            return bytes;
        });
        registry.gauge(
                "ringkv.storage.memtable.frozen", () -> state.get().immutables().size());
        registry.gauge("ringkv.storage.sstables", () -> state.get().tables().size());
        registry.gauge(
                "ringkv.storage.sstable.bytes", () -> state.get().tables().totalBytes());
        registry.gauge("ringkv.storage.block_cache.hit_ratio", () -> {
            long hits = cache.hitCount();
            long total = hits + cache.missCount();
            return total == 0 ? 0 : (double) hits / total;
        });
    }
}
