package io.ringkv.replica;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.ring.Partitioner;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A replica store over a real storage engine on simulated disk, clock and scheduler. Tables, blocks
 * and segments are small so that a few hundred writes cross flushes and compactions; every write is
 * forced before it is acknowledged.
 */
final class ReplicaFixture implements AutoCloseable {
    static final String NODE = "node-a";

    final SimFileIO fileIO = new SimFileIO();
    final SimClock clock = new SimClock();
    final RecordingMetrics metrics = new RecordingMetrics();
    final Partitioner partitioner;
    private final ReplicaLimits limits;
    private final StorageOptions options = StorageOptions.builder(Path.of("/replica"))
            .syncPolicy(SyncPolicy.ALWAYS)
            .memtableBytes(4096)
            .segmentBytes(8192)
            .blockBytes(256)
            .compactionMinTables(2)
            .compactionMaxTables(4)
            .compactionBytesPerSecond(0)
            .build();
    private SimScheduler scheduler = new SimScheduler(clock);

    StorageEngine engine;
    BucketCatalog catalog;
    ReplicaStore store;

    ReplicaFixture(int partitions, ReplicaLimits limits) throws IOException {
        this.partitioner = new Partitioner(partitions);
        this.limits = limits;
        open();
    }

    ReplicaFixture() throws IOException {
        this(16, ReplicaLimits.DEFAULTS);
    }

    private void open() throws IOException {
        engine = StorageEngine.open(options, new StorageEnvironment(fileIO, clock, scheduler, metrics));
        catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
        store = new ReplicaStore(engine, catalog, partitioner, NODE, new Hlc(clock), clock, limits, metrics);
    }

    /** Closes the engine cleanly and opens everything again from what is on disk. */
    void reopen() throws IOException {
        engine.close();
        open();
    }

    /** Cuts the power (only forced bytes survive) and opens everything again. */
    void crashAndReopen() throws IOException {
        fileIO.crash();
        scheduler = new SimScheduler(clock);
        open();
    }

    void advanceMillis(long millis) {
        scheduler.advance(millis * 1_000_000L);
    }

    byte[] storageKey(String bucket, byte[] key) {
        return StorageKeys.object(partitioner.partitionOf(bucket, key), bucket, key);
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static Content value(String text) {
        return Content.value("text/plain", utf8(text), Content.NO_EXPIRY);
    }

    static WriteRequest blind(Content content) {
        return new WriteRequest(VersionVector.EMPTY, content, false, ConflictResolution.SIBLINGS);
    }

    static WriteRequest after(VersionVector seen, Content content) {
        return new WriteRequest(seen, content, false, ConflictResolution.SIBLINGS);
    }

    static WriteRequest ifAbsent(Content content) {
        return new WriteRequest(VersionVector.EMPTY, content, true, ConflictResolution.SIBLINGS);
    }

    static WriteRequest deleteEverything() {
        return new WriteRequest(null, Content.tombstone(Content.NO_EXPIRY), false, ConflictResolution.SIBLINGS);
    }
}
