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
    void aPartitionerOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> new RingPlacement(RING, new Partitioner(128)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64");
    }
}
