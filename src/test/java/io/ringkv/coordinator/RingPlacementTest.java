package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys land on their partition's preference list. */
class RingPlacementTest {
    private static final Ring RING =
            Claim.claim(null, List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c"), NodeInfo.of("d")), 64, 3);

    @Test
    void aKeysReplicasAreItsPartitionsPreferenceList() {
        RingPlacement placement = new RingPlacement(RING, new Partitioner(64));
        for (int i = 0; i < 100; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            int partition = new Partitioner(64).partitionOf("b", key);
            List<String> nodes = placement.preferenceList("b", key, 3);
            assertThat(nodes).isEqualTo(new PreferenceList(RING).nodes(partition, 3));
            assertThat(nodes).hasSize(3).doesNotHaveDuplicates().startsWith(RING.owner(partition));
        }
        assertThat(placement.clusterSize()).isEqualTo(4);
    }

    @Test
    void whileARangeMovesItsKeysAreServedByThePreviousReplicasAndWrittenToTheReceiverToo() {
        Ring target = Claim.claim(
                RING,
                List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c"), NodeInfo.of("d"), NodeInfo.of("e")),
                64,
                3);
        Ring moving = Ring.moving(RING, target, 3, java.util.Set.of(), java.util.Set.of());
        Partitioner partitioner = new Partitioner(64);
        RingPlacement placement = new RingPlacement(moving, partitioner);
        int checked = 0;
        for (int i = 0; i < 200; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            int r = partitioner.partitionOf("b", key);
            List<String> before = new PreferenceList(RING).nodes(r, 3);
            assertThat(placement.preferenceList("b", key, 3)).isEqualTo(before);
            assertThat(placement.partitionReplicas(r, 3)).isEqualTo(before);
            List<String> pending = placement.pendingReplicas("b", key, 3);
            assertThat(pending).allMatch(node -> !before.contains(node));
            assertThat(placement.fallbacks("b", key, 3, 5))
                    .allMatch(node -> !before.contains(node) && !pending.contains(node));
            if (new PreferenceList(target).nodes(r, 3).contains("e")) {
                assertThat(pending).contains("e");
                checked++;
            }
        }
        assertThat(checked).isPositive();

        Ring switched = moving;
        for (io.ringkv.ring.Transfer t : moving.transfers()) {
            switched = switched.withTransferDone(switched.version() + 1, t);
        }
        RingPlacement after = new RingPlacement(switched, partitioner);
        for (int i = 0; i < 200; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            int r = partitioner.partitionOf("b", key);
            assertThat(after.preferenceList("b", key, 3)).isEqualTo(new PreferenceList(target).nodes(r, 3));
            // Switched, but until the transition ends the previous replicas still take the writes.
            List<String> trailing = new java.util.ArrayList<>(new PreferenceList(RING).nodes(r, 3));
            trailing.removeAll(new PreferenceList(target).nodes(r, 3));
            assertThat(after.pendingReplicas("b", key, 3)).containsExactlyElementsOf(trailing);
            RingPlacement done = new RingPlacement(switched.finished(switched.version() + 1), partitioner);
            assertThat(done.pendingReplicas("b", key, 3)).isEmpty();
        }
    }

    @Test
    void aPartitionerOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> new RingPlacement(RING, new Partitioner(128)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64");
    }
}
