package io.ringkv.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.StorageKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deletes that stay deleted: a tombstone is purged only after a repair that exchanged its partition
 * with every other replica, and its grace; once purged, an old version arriving by a hint, a repair
 * or a read repair does not come back.
 */
class TombstonePurgeTest {
    private static final long GRACE_MILLIS = 3_600_000;
    private static final long SKEW_MILLIS = 1_000;

    @Test
    void aPurgedTombstoneLetsNoOldVersionBack() throws Exception {
        RepairNodes nodes = new RepairNodes(4, GRACE_MILLIS, SKEW_MILLIS, "a", "b", "c");
        nodes.write("a", "k", "old");
        nodes.copy("a", "b", "k");
        nodes.copy("a", "c", "k");
        VersionedObject old = nodes.get("a", "k"); // what a late hint or a stale replica carries
        nodes.write("a", "other", "stays");
        nodes.copy("a", "b", "other");
        nodes.copy("a", "c", "other");
        nodes.scheduler.advance(1_000_000_000L);
        delete(nodes, "a", "k");
        nodes.copy("a", "b", "k");
        nodes.copy("a", "c", "k");

        // Past the grace period, but no repair yet: the tombstone stays.
        nodes.scheduler.advance(2 * GRACE_MILLIS * 1_000_000L);
        compact(nodes, "a");
        assertThat(stored(nodes, "a", "k")).as("kept until a repair").isTrue();
        assertThat(nodes.metrics.get("a").count("ringkv.repair.tombstones.held"))
                .isEqualTo(1);

        // A repair with every other replica: now it may go.
        AntiEntropy ae = nodes.antiEntropy("a", RepairNodes.settings());
        assertThat(nodes.await(ae, ae.repairNode()).state()).isEqualTo(RepairOperation.State.DONE);
        nodes.scheduler.advance(2 * SKEW_MILLIS * 1_000_000L);
        compact(nodes, "a");
        assertThat(stored(nodes, "a", "k")).as("purged").isFalse();
        assertThat(stored(nodes, "a", "other")).isTrue();
        assertThat(nodes.metrics.get("a").count("ringkv.repair.tombstones.purged"))
                .isEqualTo(1);

        // A hint (a merge) carrying the old value: it does not come back.
        VersionedObject afterHint =
                nodes.store("a").merge(RepairNodes.BUCKET, key("k"), old, ConflictResolution.SIBLINGS);
        assertThat(values(afterHint)).isEmpty();
        // A repair or read repair (a Merge replica request) carrying it: neither.
        ReplicaResponse answer = nodes.services
                .get("a")
                .handle(new ReplicaRequest.Merge(RepairNodes.BUCKET, key("k"), old, ConflictResolution.SIBLINGS));
        assertThat(values(((ReplicaResponse.Versions) answer).object())).isEmpty();
        assertThat(values(nodes.get("a", "k"))).isEmpty();
        assertThat(stored(nodes, "a", "k")).isFalse();
        assertThat(nodes.metrics.get("a").count("ringkv.replica.merges.purged.versions"))
                .isEqualTo(2);

        // A new write of the key after the purge is a new version, and it is kept.
        nodes.write("b", "k", "new");
        nodes.copy("b", "a", "k");
        assertThat(values(nodes.get("a", "k"))).containsExactly("new");
    }

    @Test
    void aReplicaDownPastTheGracePeriodBlocksThePurgeAndLearnsOfTheDeleteWhenBack() throws Exception {
        RepairNodes nodes = new RepairNodes(4, GRACE_MILLIS, SKEW_MILLIS, "a", "b", "c");
        nodes.write("a", "k", "old");
        nodes.copy("a", "b", "k");
        nodes.copy("a", "c", "k");
        nodes.scheduler.advance(1_000_000_000L);
        nodes.down.add("c"); // c misses the delete and stays down past the grace period
        delete(nodes, "a", "k");
        nodes.copy("a", "b", "k");
        nodes.scheduler.advance(2 * GRACE_MILLIS * 1_000_000L);

        for (String node : List.of("a", "b")) {
            AntiEntropy ae = nodes.antiEntropy(node, RepairNodes.settings());
            assertThat(nodes.await(ae, ae.repairNode()).state()).isEqualTo(RepairOperation.State.FAILED);
            nodes.scheduler.advance(2 * SKEW_MILLIS * 1_000_000L);
            compact(nodes, node);
            assertThat(stored(nodes, node, "k"))
                    .as("%s keeps the tombstone while c is away", node)
                    .isTrue();
            assertThat(nodes.horizons.get(node).ledger().repairedThrough(0)).isEqualTo(RepairLedger.NEVER);
        }

        // c is back, with the old value: the next repair carries the tombstone to it, never the value back.
        nodes.down.remove("c");
        assertThat(values(nodes.get("c", "k"))).containsExactly("old");
        AntiEntropy ae = nodes.antiEntropy("a", RepairNodes.settings());
        assertThat(nodes.await(ae, ae.repairNode()).state()).isEqualTo(RepairOperation.State.DONE);
        for (String node : List.of("a", "b", "c")) {
            assertThat(nodes.get(node, "k").isDeleted()).as("k at %s", node).isTrue();
        }
        nodes.scheduler.advance(2 * SKEW_MILLIS * 1_000_000L);
        compact(nodes, "a");
        assertThat(stored(nodes, "a", "k")).as("purged once c holds it").isFalse();
        assertThat(nodes.get("c", "k").isDeleted()).isTrue();
    }

    @Test
    void aRepairWithinTheGracePeriodPurgesNothing() throws Exception {
        RepairNodes nodes = new RepairNodes(4, GRACE_MILLIS, SKEW_MILLIS, "a", "b");
        nodes.write("a", "k", "old");
        nodes.copy("a", "b", "k");
        nodes.scheduler.advance(1_000_000_000L);
        delete(nodes, "a", "k");
        nodes.copy("a", "b", "k");
        nodes.scheduler.advance(GRACE_MILLIS / 2 * 1_000_000L);
        AntiEntropy ae = nodes.antiEntropy("a", RepairNodes.settings());
        assertThat(nodes.await(ae, ae.repairNode()).state()).isEqualTo(RepairOperation.State.DONE);
        compact(nodes, "a");
        assertThat(stored(nodes, "a", "k")).isTrue();
        // The grace period passes after that repair: the repair covered the tombstone, so it goes.
        nodes.scheduler.advance(GRACE_MILLIS * 1_000_000L);
        compact(nodes, "a");
        assertThat(stored(nodes, "a", "k")).isFalse();
    }

    @Test
    void aTombstoneWrittenAfterTheRepairStartedWaitsForTheNext() throws Exception {
        RepairNodes nodes = new RepairNodes(4, GRACE_MILLIS, SKEW_MILLIS, "a", "b");
        nodes.write("a", "k", "old");
        nodes.copy("a", "b", "k");
        AntiEntropy ae = nodes.antiEntropy("a", RepairNodes.settings());
        assertThat(nodes.await(ae, ae.repairNode()).state()).isEqualTo(RepairOperation.State.DONE);
        delete(nodes, "a", "k"); // after the repair: b may not have it
        nodes.scheduler.advance(2 * GRACE_MILLIS * 1_000_000L);
        compact(nodes, "a");
        assertThat(stored(nodes, "a", "k")).isTrue();
        assertThat(values(nodes.get("b", "k"))).containsExactly("old");
        assertThat(nodes.await(ae, ae.repairNode()).state()).isEqualTo(RepairOperation.State.DONE);
        assertThat(nodes.get("b", "k").isDeleted()).isTrue();
        nodes.scheduler.advance(2 * SKEW_MILLIS * 1_000_000L);
        compact(nodes, "a");
        assertThat(stored(nodes, "a", "k")).isFalse();
    }

    static void delete(RepairNodes nodes, String node, String key) throws Exception {
        nodes.store(node)
                .put(
                        RepairNodes.BUCKET,
                        key(key),
                        new WriteRequest(
                                nodes.get(node, key).context(),
                                Content.tombstone(Content.NO_EXPIRY),
                                false,
                                ConflictResolution.SIBLINGS));
    }

    static void compact(RepairNodes nodes, String node) throws Exception {
        nodes.engines.get(node).flush();
        nodes.engines.get(node).compactAll();
    }

    /** Whether the engine still holds the key's object (a purged tombstone is gone from it). */
    static boolean stored(RepairNodes nodes, String node, String key) throws Exception {
        int partition = nodes.partitioner.partitionOf(RepairNodes.BUCKET, key(key));
        return nodes.engines.get(node).get(StorageKeys.object(partition, RepairNodes.BUCKET, key(key))) != null;
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .filter(s -> !s.deleted())
                .map(Sibling::content)
                .map(c -> new String(c.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
