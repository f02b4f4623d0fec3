package io.ringkv.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.VersionedObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeDropperTest {

    @Test
    void dropsEveryObjectOfTheRangeAndNothingElse() throws Exception {
        try (TransferNodes nodes = new TransferNodes(4, "a")) {
            TransferNodes.Node a = nodes.node("a");
            int range = nodes.rangeOf("k0");
            int other = (range + 1) % 4;
            List<String> dropped = nodes.keysIn(range, "k", 2500);
            List<String> kept = nodes.keysIn(other, "k", 100);
            for (String k : dropped) {
                a.put(k, "v");
            }
            for (String k : kept) {
                a.put(k, "v");
            }
            assertThat(a.get(dropped.get(0)).isEmpty()).isFalse(); // in the object cache now
            RangeSizes sizes = new RangeSizes(a.store, nodes.clock, 0);
            assertThat(sizes.size(range).objects()).isEqualTo(2500);

            assertThat(new RangeDropper(a.store, a.metrics).drop(range)).isEqualTo(2500);

            assertThat(a.range(range)).isEmpty();
            assertThat(a.get(dropped.get(0))).isEqualTo(VersionedObject.ABSENT);
            assertThat(a.range(other)).hasSize(100);
            assertThat(a.metrics.count("ringkv.transfer.dropped.keys")).isEqualTo(2500);
            // The write count moved: the range is counted again.
            assertThat(sizes.size(range).objects()).isZero();
            assertThat(sizes.all())
                    .containsExactly(new RangeSize(other, 100, sizes.size(other).bytes()));

            a.crashAndReopen(); // the deletes were written to the engine, not kept in memory
            assertThat(a.range(range)).isEmpty();
            assertThat(a.range(other)).hasSize(100);
        }
    }
}
