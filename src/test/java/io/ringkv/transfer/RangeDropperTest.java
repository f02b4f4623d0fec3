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

            assertThat(new RangeDropper(a.store, a.metrics, () -> {}).drop(range))
                    .isEqualTo(2500);

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

    @Test
    void theNodesActorIsRenewedOnceBeforeAnythingIsDeletedAndNotAtAllForEmptyRanges() throws Exception {
        try (TransferNodes nodes = new TransferNodes(4, "a")) {
            TransferNodes.Node a = nodes.node("a");
            int range = nodes.rangeOf("k0");
            int other = (range + 1) % 4;
            int empty = (range + 2) % 4;
            for (String k : nodes.keysIn(range, "k", 10)) {
                a.put(k, "v");
            }
            for (String k : nodes.keysIn(other, "k", 10)) {
                a.put(k, "v");
            }
            int[] renewals = {0};
            RangeDropper failing = new RangeDropper(a.store, a.metrics, () -> {
                throw new java.io.IOException("disk full");
            });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.drop(range))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(a.range(range)).as("not renewed: nothing deleted").hasSize(10);

            RangeDropper dropper = new RangeDropper(a.store, a.metrics, () -> {
                assertThat(a.range(range))
                        .as("renewed before the first deletion")
                        .hasSize(10);
                renewals[0]++;
            });
            assertThat(dropper.dropAll(List.of(empty))).isEmpty();
            assertThat(renewals[0]).isZero();
            assertThat(dropper.dropAll(List.of(range, empty, other)))
                    .containsExactly(java.util.Map.entry(range, 10L), java.util.Map.entry(other, 10L));
            assertThat(renewals[0]).isOne();
        }
    }
}
