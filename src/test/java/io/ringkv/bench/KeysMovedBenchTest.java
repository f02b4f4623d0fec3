package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The join figures of {@link KeysMovedBench}: the bounds the docs state, checked on every build. */
class KeysMovedBenchTest {
    @Test
    void aJoinMovesAboutTheNewNodesShareAndLittleBetweenOldNodes() {
        if (Boolean.getBoolean("ringkv.bench.print")) {
            System.out.println(KeysMovedBench.table(100_000));
        }
        for (int before : new int[] {3, 10}) {
            KeysMovedBench.Result r = KeysMovedBench.join(before, 256, 3, 20_000);
            assertThat(r.copiesGainedByNewNode())
                    .as("copies the new node gains")
                    .isPositive();
            // what must move is the new node's share, give or take the claim's rounding
            assertThat(r.ofIdeal()).as(r.toString()).isBetween(0.9, 1.5);
            // a transfer streams a range to one node: never less than what must move
            assertThat(r.copiesStreamed()).as(r.toString()).isGreaterThanOrEqualTo(r.copiesToNewHolders());
        }
    }
}
