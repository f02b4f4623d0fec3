package io.ringkv.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.VersionedObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that drops a range and later gets it back, from a replica that lacks one of its own
 * writes, must not issue that write's dot again: merges would take the new write's version vector
 * as covering the old write and drop it. The dropper renews the node's actor before it deletes.
 */
class ActorRenewalTest {

    @Test
    void aRangeThatComesBackFromAReplicaMissingOneOfTheNodesOwnWritesLosesNoWrite() throws Exception {
        assertThat(writesAtTheOtherReplica(true)).containsExactlyInAnyOrder("before", "after");
        // Without the renewal the second write repeats the first one's dot, and the merge drops it.
        assertThat(writesAtTheOtherReplica(false)).containsExactly("after");
    }

    /** The values the other replica holds at the end, with or without renewing before the drop. */
    private static List<String> writesAtTheOtherReplica(boolean renew) throws Exception {
        try (TransferNodes nodes = new TransferNodes(4, "a", "b", "c")) {
            TransferNodes.Node a = nodes.node("a");
            TransferNodes.Node b = nodes.node("b");
            int range = nodes.rangeOf("k");
            // a coordinates a write that b also takes; c misses it.
            VersionedObject before = a.put("k", "before");
            b.store.merge(TransferNodes.BUCKET, TransferNodes.utf8("k"), before, ConflictResolution.SIBLINGS);

            // a no longer replicates the range and drops it; later the range moves back to a, from c.
            int[] renewals = {0};
            new RangeDropper(a.store, a.metrics, () -> {
                        if (renew) {
                            a.store.renewActor("a~" + (++renewals[0]));
                        }
                    })
                    .drop(range);
            assertThat(a.range(range)).isEmpty();
            assertThat(nodes.node("c").range(range)).isEmpty();

            // a coordinates another write to the key and replicates it to b.
            VersionedObject after = a.put("k", "after");
            b.store.merge(TransferNodes.BUCKET, TransferNodes.utf8("k"), after, ConflictResolution.SIBLINGS);

            return b.get("k").siblings().stream()
                    .map(s -> TransferNodes.text(s.content().value()))
                    .toList();
        }
    }
}
