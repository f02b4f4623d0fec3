package io.ringkv.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.ring.Partitioner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final int PARTITION_BITS = 4; // 16 partitions

    private static long keyHash(int i) {
        return Partitioner.hash("b", ("key-" + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void equalDataGivesEqualRootsWhateverTheOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            order.add(i);
        }
        MerkleTree.Builder a = new MerkleTree.Builder(PARTITION_BITS);
        for (int i : order) {
            a.add(keyHash(i), i * 31L);
        }
        Collections.shuffle(order, new Random(1));
        MerkleTree.Builder b = new MerkleTree.Builder(PARTITION_BITS);
        for (int i : order) {
            b.add(keyHash(i), i * 31L);
        }
        MerkleTree ta = a.build();
        MerkleTree tb = b.build();
        assertThat(ta.root()).isEqualTo(tb.root());
        assertThat(ta.differingLeaves(tb)).isEmpty();
        assertThat(ta.keys()).isEqualTo(5000);
        assertThat(ta.root()).isNotEqualTo(MerkleTree.empty().root());
    }

    @Test
    void oneDifferingKeyChangesExactlyItsLeafAndTheNodesAboveIt() {
        MerkleTree.Builder a = new MerkleTree.Builder(PARTITION_BITS);
        MerkleTree.Builder b = new MerkleTree.Builder(PARTITION_BITS);
        for (int i = 0; i < 3000; i++) {
            a.add(keyHash(i), i);
            b.add(keyHash(i), i == 1234 ? 99_999 : i);
        }
        MerkleTree ta = a.build();
        MerkleTree tb = b.build();
        int leaf = MerkleTree.leafOf(keyHash(1234), PARTITION_BITS);
        assertThat(ta.differingLeaves(tb)).containsExactly(leaf);
        assertThat(ta.root()).isNotEqualTo(tb.root());
        for (int i = 0; i < MerkleTree.FANOUT; i++) {
            boolean above = i == leaf / MerkleTree.FANOUT;
            assertThat(ta.node(1, i) != tb.node(1, i)).as("level-1 node %d", i).isEqualTo(above);
        }
    }

    @Test
    void aMissingKeyDiffersOnlyInItsLeafAndRemovingItRestoresTheRoot() {
        MerkleTree.Builder a = new MerkleTree.Builder(PARTITION_BITS);
        for (int i = 0; i < 100; i++) {
            a.add(keyHash(i), i);
        }
        MerkleTree before = a.build();
        a.add(keyHash(100), 100);
        MerkleTree after = a.build();
        assertThat(before.differingLeaves(after)).containsExactly(MerkleTree.leafOf(keyHash(100), PARTITION_BITS));
        a.remove(keyHash(100), 100);
        assertThat(a.build().root()).isEqualTo(before.root());
    }

    @Test
    void leavesSliceThePartitionsHashRangeInOrder() {
        // With 16 partitions the top 4 bits choose the partition, the next 10 the leaf.
        assertThat(MerkleTree.leafOf(0x0000_0000_0000_0000L, 4)).isZero();
        assertThat(MerkleTree.leafOf(0x0FFF_FFFF_FFFF_FFFFL, 4)).isEqualTo(1023);
        assertThat(MerkleTree.leafOf(0xF004_0000_0000_0000L, 4)).isEqualTo(1);
        assertThat(MerkleTree.leafOf(0x0040_0000_0000_0000L, 0)).isEqualTo(1);
        assertThat(MerkleTree.width(0)).isEqualTo(1);
        assertThat(MerkleTree.width(2)).isEqualTo(MerkleTree.LEAVES);
        assertThat(MerkleTree.children(1, new int[] {2}))
                .hasSize(32)
                .startsWith(64)
                .endsWith(95);
        assertThatThrownBy(() -> MerkleTree.width(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
