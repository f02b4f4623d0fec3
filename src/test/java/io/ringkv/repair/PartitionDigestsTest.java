package io.ringkv.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import io.ringkv.protocol.RepairScope;
import io.ringkv.protocol.WriteRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartitionDigestsTest {

    @Test
    void aTreeIsReusedUntilItsPartitionIsWrittenOrItAges() throws Exception {
        RepairNodes nodes = new RepairNodes(1, "a");
        nodes.write("a", "k1", "v1");
        PartitionDigests digests = nodes.digests.get("a");
        RepairScope scope = RepairScope.of(0, 1);
        MerkleTree first = digests.tree(scope);
        assertThat(digests.tree(scope)).isSameAs(first);
        nodes.write("a", "k2", "v2");
        MerkleTree second = digests.tree(scope);
        assertThat(second.root()).isNotEqualTo(first.root());
        assertThat(second.keys()).isEqualTo(2);
        nodes.clock.advance(61_000_000_000L); // past the 60 s max age
        assertThat(digests.tree(scope)).isNotSameAs(second);
    }

    @Test
    void expiredVersionsCountAsAbsentAndBucketsOutsideTheScopeAreLeftOut() throws Exception {
        RepairNodes nodes = new RepairNodes(1, "a", "b");
        nodes.write("a", "k1", "v1");
        nodes.write("b", "k1", "v1"); // another dot: differs
        nodes.copy("a", "b", "k1");
        nodes.copy("b", "a", "k1");
        long expiresAt = nodes.clock.millis() + 1_000;
        nodes.store("a")
                .put(
                        RepairNodes.BUCKET,
                        "short".getBytes(StandardCharsets.UTF_8),
                        new WriteRequest(
                                VersionVector.EMPTY,
                                Content.value("text/plain", new byte[] {1}, expiresAt),
                                false,
                                ConflictResolution.SIBLINGS));
        RepairScope scope = RepairScope.of(0, 1);
        assertThat(nodes.digests.get("a").tree(scope).root())
                .isNotEqualTo(nodes.digests.get("b").tree(scope).root());
        nodes.clock.advance(61_000_000_000L);
        assertThat(nodes.digests.get("a").tree(scope).root())
                .as("the expired key is absent at a, as it is at b")
                .isEqualTo(nodes.digests.get("b").tree(scope).root());
        // A scope for buckets of n >= 4 covers nothing here (n = 3).
        assertThat(nodes.digests.get("a").tree(RepairScope.of(0, 4)).keys()).isZero();
        assertThat(nodes.digests.get("a").tree(new RepairScope(0, 1, "other")).keys())
                .isZero();
    }

    @Test
    void keyListsStopNearTheSizeBoundAtAWholeLeafAndAnswerTheRestLater() throws Exception {
        RepairNodes nodes = new RepairNodes(1, "a");
        for (int i = 0; i < 400; i++) {
            nodes.write("a", "key-" + i, "v");
        }
        PartitionDigests small = new PartitionDigests(nodes.store("a"), nodes.clock, 1, 1024);
        int[] all = new int[MerkleTree.LEAVES];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        RepairScope scope = RepairScope.of(0, 1);
        var first = small.keys(scope, all);
        assertThat(first).isNotEmpty().hasSizeLessThan(MerkleTree.LEAVES);
        long keys = first.stream().mapToLong(l -> l.keys().size()).sum();
        assertThat(keys).isPositive().isLessThan(400);
        // Asking for the rest, again and again, lists every key once.
        int from = first.get(first.size() - 1).leaf() + 1;
        while (from < MerkleTree.LEAVES) {
            int[] rest = new int[MerkleTree.LEAVES - from];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = from + i;
            }
            var next = small.keys(scope, rest);
            assertThat(next).isNotEmpty();
            keys += next.stream().mapToLong(l -> l.keys().size()).sum();
            from = next.get(next.size() - 1).leaf() + 1;
        }
        assertThat(keys).isEqualTo(400);
    }

    @Test
    void aRequestForAPartitionTheRingDoesNotHaveIsAnsweredFailed() throws Exception {
        RepairNodes nodes = new RepairNodes(4, "a");
        RepairResponse response =
                nodes.digests.get("a").handle(new RepairRequest.Level(RepairScope.of(4, 1), 0, new int[] {0}));
        assertThat(response).isInstanceOf(RepairResponse.Failed.class);
        assertThat(((RepairResponse.Failed) response).message()).contains("partition 4 does not exist");
    }

    @Test
    void scansReadAtMostTheScanRate() throws Exception {
        RepairNodes nodes = new RepairNodes(2, "a");
        for (int i = 0; i < 2_000; i++) {
            nodes.write("a", "k" + i, "v");
        }
        PartitionDigests paced = new PartitionDigests(
                nodes.store("a"), nodes.clock, 60_000_000_000L, 1 << 20, p -> Long.MIN_VALUE, 1_000);
        long started = nodes.clock.nanos();
        long keys = paced.tree(RepairScope.of(0, 1)).keys()
                + paced.tree(RepairScope.of(1, 1)).keys();
        assertThat(keys).isEqualTo(2_000);
        // 2,000 objects at 1,000 a second: the scans waited (on the clock) for all but the last few.
        assertThat(nodes.clock.nanos() - started).isGreaterThanOrEqualTo(1_700_000_000L);
        PartitionDigests unpaced = nodes.digests.get("a");
        long before = nodes.clock.nanos();
        unpaced.tree(RepairScope.of(0, 1));
        assertThat(nodes.clock.nanos()).isEqualTo(before);
    }

    @Test
    void aPurgedTombstoneIsLeftOutAndACachedTreeHoldingItIsRebuiltWhenTheHorizonPassesIt() throws Exception {
        RepairNodes nodes = new RepairNodes(1, "a");
        nodes.write("a", "k1", "v1");
        nodes.write("a", "gone", "v");
        TombstonePurgeTest.delete(nodes, "a", "gone");
        long deletedAt = nodes.clock.millis();
        long[] horizon = {Long.MIN_VALUE};
        PartitionDigests digests =
                new PartitionDigests(nodes.store("a"), nodes.clock, 60_000_000_000L, 1 << 20, p -> horizon[0], 0);
        RepairScope scope = RepairScope.of(0, 1);
        MerkleTree withTombstone = digests.tree(scope);
        assertThat(withTombstone.keys()).isEqualTo(2);
        horizon[0] = deletedAt; // not yet past it
        assertThat(digests.tree(scope)).isSameAs(withTombstone);
        horizon[0] = deletedAt + 1;
        MerkleTree purged = digests.tree(scope);
        assertThat(purged.keys()).isEqualTo(1);
        assertThat(digests.keys(scope, new int[] {
                    MerkleTree.leafOf(
                            io.ringkv.ring.Partitioner.hash(
                                    RepairNodes.BUCKET, "gone".getBytes(StandardCharsets.UTF_8)),
                            0)
                }))
                .allSatisfy(leaf -> assertThat(leaf.keys())
                        .noneMatch(k -> new String(k.key(), StandardCharsets.UTF_8).equals("gone")));
    }
}
