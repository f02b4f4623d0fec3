package io.ringkv.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.protocol.RepairScope;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Trees saved at a stop are loaded at the next start, and only when no write reached the engine since. */
class SavedTreesTest {
    private static final int PARTITIONS = 4;
    private static final Path DIR = Path.of("/node");
    private static final Path REPAIR_DIR = DIR.resolve("repair");
    private static final long MAX_AGE_NANOS = 600_000_000_000L;

    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final SimFileIO disk = new SimFileIO();
    private final TreeFile file = new TreeFile(disk, REPAIR_DIR);

    /** One start of the node: engine, store, digests. */
    private final class Node {
        final RecordingMetrics metrics = new RecordingMetrics();
        final StorageEngine engine;
        final ReplicaStore store;
        final PartitionDigests digests;

        Node() throws IOException {
            engine = StorageEngine.open(
                    StorageOptions.builder(DIR).syncPolicy(SyncPolicy.ALWAYS).build(),
                    new StorageEnvironment(disk, clock, scheduler, metrics));
            store = new ReplicaStore(
                    engine,
                    BucketCatalog.load(engine, BucketProps.DEFAULTS),
                    new Partitioner(PARTITIONS),
                    "a",
                    new Hlc(clock),
                    clock,
                    ReplicaLimits.DEFAULTS,
                    metrics);
            digests = new PartitionDigests(store, clock, MAX_AGE_NANOS, 1 << 20);
        }

        void write(String key, String value) throws Exception {
            store.put(
                    "b",
                    key.getBytes(StandardCharsets.UTF_8),
                    new WriteRequest(
                            VersionVector.EMPTY,
                            Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                            false,
                            ConflictResolution.SIBLINGS));
        }

        long[] roots() throws IOException {
            long[] roots = new long[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                roots[p] = digests.tree(RepairScope.of(p, 1)).root();
            }
            return roots;
        }

        /** What the node does when it stops: flush, save the trees, close. */
        void stop() throws IOException {
            engine.flush();
            file.save(digests, engine.lastSequence());
            engine.close();
        }

        long scans() {
            return metrics.count("ringkv.storage.scans");
        }
    }

    private Node startedWithKeys() throws Exception {
        Node node = new Node();
        for (int i = 0; i < 200; i++) {
            node.write("k" + i, "v" + i);
        }
        return node;
    }

    @Test
    void afterACleanStopTheSavedTreesAreUsedAndNothingIsScanned() throws Exception {
        Node first = startedWithKeys();
        long[] roots = first.roots();
        first.stop();

        Node second = new Node();
        assertThat(file.load(second.digests, second.engine::lastSequence)).isEqualTo(PARTITIONS);
        long scans = second.scans();
        assertThat(second.roots()).isEqualTo(roots);
        assertThat(second.scans()).as("no partition scanned").isEqualTo(scans);
        assertThat(disk.exists(REPAIR_DIR.resolve(TreeFile.NAME)))
                .as("used once")
                .isFalse();
        // And they are what a scan finds.
        PartitionDigests fresh = new PartitionDigests(second.store, clock, MAX_AGE_NANOS, 1 << 20);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(fresh.tree(RepairScope.of(p, 1)).root()).isEqualTo(roots[p]);
        }
    }

    @Test
    void aTreeSavedBeforeAWriteIsNeverUsed() throws Exception {
        Node first = startedWithKeys();
        long[] saved = first.roots();
        first.engine.flush();
        file.save(first.digests, first.engine.lastSequence());
        first.write("k7", "written after the save"); // the trees on disk are stale now
        first.engine.close();

        Node second = new Node();
        assertThat(file.load(second.digests, second.engine::lastSequence)).isZero();
        long[] now = second.roots();
        int p = second.store.partitioner().partitionOf("b", "k7".getBytes(StandardCharsets.UTF_8));
        assertThat(now[p]).isNotEqualTo(saved[p]);
        PartitionDigests fresh = new PartitionDigests(second.store, clock, MAX_AGE_NANOS, 1 << 20);
        assertThat(fresh.tree(RepairScope.of(p, 1)).root()).isEqualTo(now[p]);
    }

    @Test
    void aWriteReplayedAfterAnUncleanStopMakesTheSavedTreesStale() throws Exception {
        Node first = startedWithKeys();
        long[] saved = first.roots();
        first.stop();
        Node second = new Node(); // did not load them: they are still on disk
        second.write("k9", "written, then a power cut");
        disk.crash(); // the write is in the commit log only

        Node third = new Node();
        assertThat(file.load(third.digests, third.engine::lastSequence)).isZero();
        int p = third.store.partitioner().partitionOf("b", "k9".getBytes(StandardCharsets.UTF_8));
        assertThat(third.roots()[p]).isNotEqualTo(saved[p]);
    }

    @Test
    void aDamagedFileIsIgnoredAndRemoved() throws Exception {
        Node first = startedWithKeys();
        first.roots();
        first.stop();
        Path path = REPAIR_DIR.resolve(TreeFile.NAME);
        byte[] bytes;
        try (var in = disk.openForRead(path)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) in.size());
            in.readFully(0, buffer);
            bytes = buffer.array();
        }
        bytes[bytes.length / 2] ^= 1;
        disk.delete(path);
        try (var out = disk.create(path)) {
            out.append(ByteBuffer.wrap(bytes));
            out.force();
        }

        Node second = new Node();
        assertThat(file.load(second.digests, second.engine::lastSequence)).isZero();
        assertThat(disk.exists(path)).isFalse();
    }

    @Test
    void treesOlderThanTheMaxAgeAreNotLoaded() throws Exception {
        Node first = startedWithKeys();
        first.roots();
        first.stop();
        clock.advance(MAX_AGE_NANOS);
        Node second = new Node();
        assertThat(file.load(second.digests, second.engine::lastSequence)).isZero();
    }
}
