package io.ringkv.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anti-entropy between real replica stores on simulated disks. */
class ExchangeTest {

    @Test
    void replicasThatMissedWritesConvergeAndASiblingIsKept() throws Exception {
        RepairNodes nodes = new RepairNodes(16, "a", "b", "c");
        // 300 keys everywhere.
        for (int i = 0; i < 300; i++) {
            nodes.write("a", "k" + i, "v" + i);
            nodes.copy("a", "b", "k" + i);
            nodes.copy("a", "c", "k" + i);
        }
        // b missed 20 writes, c missed 10 others (new keys and overwrites of old ones).
        for (int i = 0; i < 20; i++) {
            nodes.store("a").put(RepairNodes.BUCKET, key("k" + i), overwrite(nodes, "a", "k" + i, "new" + i));
            nodes.copy("a", "c", "k" + i);
        }
        for (int i = 300; i < 310; i++) {
            nodes.write("b", "k" + i, "only-b" + i);
            nodes.copy("b", "a", "k" + i);
        }
        // A concurrent write at c to k100, which a and b never saw: it must end as a sibling.
        nodes.write("c", "k100", "concurrent");
        VersionedObject expected100 = nodes.get("a", "k100").merge(nodes.get("c", "k100"), ConflictResolution.SIBLINGS);
        assertThat(expected100.siblings()).hasSize(2);

        AntiEntropy ae = nodes.antiEntropy("a", RepairNodes.settings());
        RepairOperation.View view = nodes.await(ae, ae.repairNode());

        assertThat(view.state()).as(String.valueOf(view.error())).isEqualTo(RepairOperation.State.DONE);
        assertThat(view.partitionsTotal()).isEqualTo(16);
        assertThat(view.partitionsDone()).isEqualTo(16);
        assertThat(view.exchangesTotal()).isEqualTo(32);
        // b: 20 stale keys; c: 10 missing keys + the concurrent sibling, each found once per pair.
        assertThat(view.differences()).isEqualTo(20 + 11);
        assertThat(view.keysRepaired()).isEqualTo(31);
        assertThat(view.bytesSent()).isPositive();
        // a exchanged with b and c side by side: what a learned from c after its exchange with b
        // (the concurrent sibling) reaches b through b's own round.
        AntiEntropy atB = nodes.antiEntropy("b", RepairNodes.settings());
        RepairOperation.View viewB = nodes.await(atB, atB.repairNode());
        assertThat(viewB.state()).isEqualTo(RepairOperation.State.DONE);
        assertThat(viewB.differences()).isLessThanOrEqualTo(2);
        for (int i = 0; i < 310; i++) {
            VersionedObject a = nodes.get("a", "k" + i);
            assertThat(nodes.get("b", "k" + i)).as("k%d at b", i).isEqualTo(a);
            assertThat(nodes.get("c", "k" + i)).as("k%d at c", i).isEqualTo(a);
            assertThat(a.siblings()).as("k%d", i).isNotEmpty();
        }
        assertThat(nodes.get("a", "k100")).isEqualTo(expected100);
        assertThat(values(nodes.get("b", "k100"))).containsExactlyInAnyOrder("v100", "concurrent");
        assertThat(values(nodes.get("b", "k5"))).containsExactly("new5");

        // A second run finds nothing: every root is equal, no key is listed.
        long before = nodes.repairMessages;
        RepairOperation.View again = nodes.await(ae, ae.repairNode());
        assertThat(again.state()).isEqualTo(RepairOperation.State.DONE);
        assertThat(again.differences()).isZero();
        assertThat(nodes.repairMessages - before)
                .as("one root request per exchange")
                .isEqualTo(32);
        assertThat(nodes.metrics.get("a").count("ringkv.repair.keys.repaired")).isEqualTo(31);
    }

    @Test
    void nothingEitherSideHoldsIsLostAndTombstonesTravel() throws Exception {
        RepairNodes nodes = new RepairNodes(4, "a", "b");
        for (int i = 0; i < 50; i++) {
            nodes.write(i % 2 == 0 ? "a" : "b", "k" + i, "v" + i);
        }
        // Both sides write k0 concurrently; k1 is deleted at b only.
        nodes.write("b", "k0", "b-side");
        VersionedObject deleted = nodes.store("b")
                .put(
                        RepairNodes.BUCKET,
                        key("k1"),
                        new io.ringkv.protocol.WriteRequest(
                                nodes.get("b", "k1").context(),
                                io.ringkv.kv.Content.tombstone(io.ringkv.kv.Content.NO_EXPIRY),
                                false,
                                ConflictResolution.SIBLINGS));
        assertThat(deleted.isDeleted()).isTrue();
        VersionedObject expected0 = nodes.get("a", "k0").merge(nodes.get("b", "k0"), ConflictResolution.SIBLINGS);

        AntiEntropy ae = nodes.antiEntropy("b", RepairNodes.settings());
        RepairOperation.View view = nodes.await(ae, ae.repairNode());
        assertThat(view.state()).isEqualTo(RepairOperation.State.DONE);
        for (int i = 0; i < 50; i++) {
            assertThat(nodes.get("a", "k" + i)).as("k%d", i).isEqualTo(nodes.get("b", "k" + i));
        }
        assertThat(nodes.get("a", "k0")).isEqualTo(expected0);
        assertThat(values(nodes.get("a", "k0"))).containsExactlyInAnyOrder("v0", "b-side");
        assertThat(nodes.get("a", "k1").isDeleted()).isTrue();
        assertThat(view.differences()).isEqualTo(50);
    }

    @Test
    void aPeerThatIsDownFailsTheOperationNamingItAndChangesNothing() throws Exception {
        RepairNodes nodes = new RepairNodes(4, "a", "b");
        nodes.write("a", "k", "v");
        nodes.down.add("b");
        AntiEntropy ae = nodes.antiEntropy("a", RepairNodes.settings());
        RepairOperation.View view = nodes.await(ae, ae.repairNode());
        assertThat(view.state()).isEqualTo(RepairOperation.State.FAILED);
        assertThat(view.exchangesFailed()).isEqualTo(4);
        assertThat(view.error()).contains("4 of 4 exchanges failed").contains("b is down");
        assertThat(nodes.get("b", "k").isEmpty()).isTrue();
    }

    @Test
    void aByteRateSpacesTheMessages() throws Exception {
        RepairNodes nodes = new RepairNodes(1, "a", "b");
        for (int i = 0; i < 200; i++) {
            nodes.write("a", "k" + i, "x".repeat(100));
        }
        AntiEntropy ae = nodes.antiEntropy("a", new AntiEntropy.Settings(0, 10_000, 1, 60_000_000_000L, 10, 64));
        long start = nodes.clock.nanos();
        RepairOperation.View view = nodes.await(ae, ae.repairNode());
        long elapsedMillis = (nodes.clock.nanos() - start) / 1_000_000;
        assertThat(view.state()).isEqualTo(RepairOperation.State.DONE);
        assertThat(view.keysRepaired()).isEqualTo(200);
        // About 30 KB sent at 10 KB/s: the messages after the first wait their turn.
        long sent = view.bytesSent();
        assertThat(sent).isGreaterThan(25_000);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo((sent - 20_000) * 1000 / 10_000);
    }

    @Test
    void aPartitionOrBucketRepairCoversOnlyIt() throws Exception {
        RepairNodes nodes = new RepairNodes(16, "a", "b");
        for (int i = 0; i < 100; i++) {
            nodes.write("a", "k" + i, "v" + i);
        }
        int partition = nodes.partitioner.partitionOf(RepairNodes.BUCKET, key("k7"));
        AntiEntropy ae = nodes.antiEntropy("a", RepairNodes.settings());
        RepairOperation.View view = nodes.await(ae, ae.repairPartition(partition));
        assertThat(view.partitionsTotal()).isEqualTo(1);
        assertThat(nodes.get("b", "k7")).isEqualTo(nodes.get("a", "k7"));
        long moved = 0;
        for (int i = 0; i < 100; i++) {
            if (!nodes.get("b", "k" + i).isEmpty()) {
                moved++;
                assertThat(nodes.partitioner.partitionOf(RepairNodes.BUCKET, key("k" + i)))
                        .isEqualTo(partition);
            }
        }
        assertThat(moved).isEqualTo(view.keysRepaired());
        RepairOperation.View bucket = nodes.await(ae, ae.repairBucket(RepairNodes.BUCKET));
        assertThat(bucket.state()).isEqualTo(RepairOperation.State.DONE);
        assertThat(bucket.keysRepaired()).isEqualTo(100 - moved);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ae.repairBucket("nope"))
                .hasMessageContaining("no bucket 'nope'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ae.repairPartition(16))
                .hasMessageContaining("partitions 0 to 15");
        assertThat(ae.operations()).hasSize(2);
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static io.ringkv.protocol.WriteRequest overwrite(RepairNodes nodes, String node, String key, String value)
            throws Exception {
        return new io.ringkv.protocol.WriteRequest(
                nodes.get(node, key).context(),
                io.ringkv.kv.Content.value(
                        "text/plain", value.getBytes(StandardCharsets.UTF_8), io.ringkv.kv.Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }

    private static List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .map(Sibling::content)
                .map(c -> new String(c.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
