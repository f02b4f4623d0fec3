package io.ringkv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each simulated node's view of who is up comes from its own gossip and phi-accrual detector: a
 * node that crashes is seen DOWN by the others after a while, and UP again once it is back, and only
 * then do its hints move.
 */
class GossipViewSimulationTest {

    @Test
    void aCrashedNodeIsSeenDownAndThenUpAgainAfterItsRestart() {
        SimCluster cluster = new SimCluster(new Random(3), 4, 0, 500);
        cluster.startGossip(100);
        cluster.run(2_000);
        assertThat(cluster.disagreeingViews()).isEmpty();

        cluster.crash("n1");
        cluster.run(2_000);
        for (String id : cluster.liveNodeIds()) {
            assertThat(cluster.node(id).isUp("n1")).as("%s sees n1", id).isFalse();
            assertThat(cluster.node(id).downSinceMillis("n1")).isNotNull();
        }

        cluster.restart("n1");
        cluster.run(2_000);
        assertThat(cluster.disagreeingViews()).isEmpty();
        assertThat(cluster.count("ringkv.gossip.transitions", "to", "DOWN")).isEqualTo(3);
    }

    @Test
    void aNodeWhoseWallClockWasSteppedBackAcrossItsRestartIsSeenUpAgain() {
        SimCluster cluster = new SimCluster(new Random(4), 3, 0, 500);
        cluster.startGossip(100);
        cluster.run(2_000);
        cluster.crash("n2");
        cluster.run(300);
        // Its next run's generation (its wall clock at start) is below the last one's.
        cluster.node("n2").clock().skewMillis(-5_000);
        cluster.node("n2").restart(new Random(5));
        cluster.fabric().recover("n2");
        cluster.run(3_000);
        assertThat(cluster.disagreeingViews()).isEmpty();
    }
}
