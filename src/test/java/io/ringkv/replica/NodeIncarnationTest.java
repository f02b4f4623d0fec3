package io.ringkv.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Dot;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A node restarted on a data directory that may have lost acknowledged writes issues its dots under
 * a new name, so it never hands out a dot that another replica holds for a different write.
 */
class NodeIncarnationTest {
    private static final Path DATA = Path.of("/data");
    private static final Path NODE_DIR = DATA.resolve("node");
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    private final SimClock clock = new SimClock();
    private final SplittableRandom random = new SplittableRandom(7);

    /** One life of node n1 on {@code disk}: its incarnation and a replica store over its engine. */
    private final class Life implements AutoCloseable {
        final NodeIncarnation incarnation;
        final StorageEngine engine;
        final ReplicaStore store;

        Life(SimFileIO disk, SyncPolicy sync) throws IOException {
            RecordingMetrics metrics = new RecordingMetrics();
            engine = StorageEngine.open(
                    StorageOptions.builder(DATA).syncPolicy(sync).build(),
                    new StorageEnvironment(disk, clock, new SimScheduler(clock), metrics));
            incarnation = NodeIncarnation.start(disk, NODE_DIR, "n1", random);
            // A fresh hybrid clock, as after a restart; the wall clock has not moved past the old dots.
            store = new ReplicaStore(
                    engine,
                    BucketCatalog.load(engine, BucketProps.DEFAULTS),
                    new Partitioner(16),
                    incarnation.actor(),
                    new Hlc(clock),
                    clock,
                    ReplicaLimits.DEFAULTS,
                    metrics);
        }

        VersionedObject write(String value) throws Exception {
            return store.put(
                    "b",
                    KEY,
                    new WriteRequest(
                            VersionVector.EMPTY,
                            Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                            false,
                            ConflictResolution.SIBLINGS));
        }

        @Override
        public void close() throws IOException {
            engine.close();
            incarnation.stoppedCleanly();
        }
    }

    private static Dot onlyDot(VersionedObject object) {
        assertThat(object.siblings()).hasSize(1);
        return object.siblings().get(0).dot();
    }

    private static java.util.List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .map(s -> new String(s.content().value(), StandardCharsets.UTF_8))
                .sorted()
                .toList();
    }

    @Test
    void aReplacedDataDirectoryDoesNotReissueADotAnotherReplicaHolds() throws Exception {
        VersionedObject heldElsewhere;
        try (Life first = new Life(new SimFileIO(), SyncPolicy.ALWAYS)) {
            heldElsewhere = first.write("first");
        }

        // The disk is replaced: same node id, empty data directory, same wall-clock time.
        try (Life second = new Life(new SimFileIO(), SyncPolicy.ALWAYS)) {
            VersionedObject other = second.write("second");

            assertThat(onlyDot(other)).isNotEqualTo(onlyDot(heldElsewhere));
            // Replication brings the first write back: both writes survive, neither hides the other.
            VersionedObject merged = second.store.merge("b", KEY, heldElsewhere, ConflictResolution.SIBLINGS);
            assertThat(values(merged)).containsExactly("first", "second");
        }
    }

    @Test
    void aCrashThatLostAnAcknowledgedWriteStartsANewIncarnation() throws Exception {
        SimFileIO disk = new SimFileIO();
        Life first = new Life(disk, SyncPolicy.NONE);
        VersionedObject acknowledged = first.write("first");
        String before = first.incarnation.actor();

        disk.crash(); // the write was never forced: it is gone from this replica, not from the others
        Life second = new Life(disk, SyncPolicy.NONE);
        assertThat(second.store.get("b", KEY).isEmpty()).isTrue();
        VersionedObject other = second.write("second");

        assertThat(second.incarnation.renewed()).isTrue();
        assertThat(second.incarnation.actor()).isNotEqualTo(before).startsWith("n1~");
        assertThat(onlyDot(other)).isNotEqualTo(onlyDot(acknowledged));
        assertThat(values(second.store.merge("b", KEY, acknowledged, ConflictResolution.SIBLINGS)))
                .containsExactly("first", "second");
        second.close();
    }

    @Test
    void aCleanStopKeepsTheIncarnation() throws Exception {
        SimFileIO disk = new SimFileIO();
        String before;
        try (Life first = new Life(disk, SyncPolicy.NONE)) {
            assertThat(first.incarnation.renewed()).isTrue();
            before = first.incarnation.actor();
            first.write("first");
        }
        disk.crash(); // what the clean stop wrote was forced

        try (Life second = new Life(disk, SyncPolicy.NONE)) {
            assertThat(second.incarnation.renewed()).isFalse();
            assertThat(second.incarnation.actor()).isEqualTo(before);
            // The clean stop flushed the write, so the counter goes on past its dot.
            assertThat(values(second.write("second"))).containsExactly("first", "second");
        }
    }

    @Test
    void aStartNotFollowedByACleanStopRenewsTheNextOne() throws Exception {
        SimFileIO disk = new SimFileIO();
        NodeIncarnation first = NodeIncarnation.start(disk, NODE_DIR, "n1", random);
        first.stoppedCleanly();
        NodeIncarnation second = NodeIncarnation.start(disk, NODE_DIR, "n1", random);
        assertThat(second.actor()).isEqualTo(first.actor());

        disk.crash();
        NodeIncarnation third = NodeIncarnation.start(disk, NODE_DIR, "n1", random);

        assertThat(third.renewed()).isTrue();
        assertThat(third.actor()).isNotEqualTo(first.actor());
    }

    @Test
    void aRenewedIncarnationIsDurableAndKeptByTheNextCleanStart() throws Exception {
        SimFileIO disk = new SimFileIO();
        NodeIncarnation first = NodeIncarnation.start(disk, NODE_DIR, "n1", random);
        String before = first.actor();

        String renewed = first.renew();
        assertThat(renewed).isNotEqualTo(before).startsWith("n1~").isEqualTo(first.actor());
        first.stoppedCleanly();
        disk.crash(); // the renewal and the clean stop were forced

        NodeIncarnation second = NodeIncarnation.start(disk, NODE_DIR, "n1", random);
        assertThat(second.renewed()).isFalse();
        assertThat(second.actor()).isEqualTo(renewed);
    }

    @Test
    void aDamagedFileStartsANewIncarnation() throws Exception {
        SimFileIO disk = new SimFileIO();
        NodeIncarnation first = NodeIncarnation.start(disk, NODE_DIR, "n1", random);
        first.stoppedCleanly();
        disk.flipByte(NODE_DIR.resolve(NodeIncarnation.NAME), 3);

        NodeIncarnation second = NodeIncarnation.start(disk, NODE_DIR, "n1", random);

        assertThat(second.renewed()).isTrue();
        assertThat(second.actor()).isNotEqualTo(first.actor());
    }

    @Test
    void anEmptyFileStartsANewIncarnation() throws Exception {
        SimFileIO disk = new SimFileIO();
        disk.createDirectories(NODE_DIR);
        try (var out = disk.create(NODE_DIR.resolve(NodeIncarnation.NAME))) {
            out.append(ByteBuffer.allocate(0));
            out.force();
        }
        assertThat(NodeIncarnation.start(disk, NODE_DIR, "n1", random).renewed())
                .isTrue();
    }
}
