package io.ringkv.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import io.ringkv.ring.RingFile;
import io.ringkv.sim.SimFileIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring keeper: newer rings only, compare-and-set for the claimant, kept on disk, listeners told. */
class RingKeeperTest {
    private static final List<NodeInfo> NODES = List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c"));

    private static Ring ring(long version, int q) {
        Ring first = Claim.claim(null, NODES, q, 3);
        String[] owners = new String[q];
        for (int p = 0; p < q; p++) {
            owners[p] = first.owner(p);
        }
        return new Ring(version, NODES, owners);
    }

    @Test
    void installsOnlyNewerUsableRingsTellsListenersAndKeepsThemOnDisk() throws Exception {
        SimFileIO disk = new SimFileIO();
        RingFile file = new RingFile(disk, Path.of("/cluster"));
        RingKeeper keeper = new RingKeeper(new Partitioner(16), file);
        List<Long> told = new ArrayList<>();
        keeper.subscribe(r -> told.add(r.version()));

        assertThat(keeper.install(ring(2, 16), true)).isTrue();
        assertThat(keeper.install(ring(1, 16), true)).isFalse();
        assertThat(keeper.install(ring(2, 16), true)).isFalse();
        assertThat(keeper.install(ring(3, 32), true)).isFalse();
        assertThat(keeper.unusable(ring(3, 32))).contains("32 partitions");
        assertThat(keeper.ring().version()).isEqualTo(2);
        assertThat(told).containsExactly(2L);
        assertThat(new RingKeeper(new Partitioner(16), file).readStored()).isEqualTo(ring(2, 16));
        assertThatThrownBy(() -> new RingKeeper(new Partitioner(32), file).readStored())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be used");
    }

    @Test
    void replaceIsACompareAndSetOnTheVersionHeld() {
        RingKeeper keeper = new RingKeeper(new Partitioner(16), null);
        assertThat(keeper.replace(0, ring(1, 16))).isFalse();
        keeper.install(ring(1, 16), false);
        assertThat(keeper.replace(2, ring(3, 16))).isFalse();
        assertThat(keeper.replace(1, ring(1, 16))).isFalse();
        assertThat(keeper.replace(1, ring(2, 16))).isTrue();
        assertThat(keeper.ring().version()).isEqualTo(2);
    }
}
