package io.ringkv.membership;

import static io.ringkv.membership.SimGossipNetwork.MS;
import static io.ringkv.membership.SimGossipNetwork.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gossipers on a simulated clock and network: they find each other, notice a dead node within
 * bounded time, and do not call a live one dead when messages are late or lost. Prints its figures
 * (docs/membership.md quotes them).
 */
class GossipSimulationTest {
    private static final long STEP = 100 * MS;

    /** Simulated nanos until every node sees every other UP, or -1 past {@code limit}. */
    private static long convergence(SimGossipNetwork net, long limit) {
        while (net.now() < limit) {
            net.run(STEP);
            if (net.allUp()) {
                return net.now();
            }
        }
        return -1;
    }

    @Test
    void everyNodeSeesEveryOtherUpFor3And10And100Nodes() {
        StringBuilder figures = new StringBuilder("\ngossip convergence (1 s rounds, seconds until all see all UP):");
        for (int n : new int[] {3, 10, 100}) {
            long worst = 0;
            for (long seed = 1; seed <= 3; seed++) {
                SimGossipNetwork net = SimGossipNetwork.start(n, Math.min(3, n), seed, 10 * MS, 0);
                long at = convergence(net, 120 * SECOND);
                assertThat(at)
                        .as("%d nodes converge within 120 s (seed %d)", n, seed)
                        .isPositive();
                worst = Math.max(worst, at);
            }
            figures.append(String.format(" %d nodes: %.1f s;", n, worst / 1e9));
        }
        System.out.println(figures);
    }

    @Test
    void aKilledNodeIsSeenDownByEveryOtherWithinBoundedTime() {
        List<Long> detections = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            SimGossipNetwork net = SimGossipNetwork.start(10, 3, seed, 10 * MS, 0);
            assertThat(convergence(net, 60 * SECOND)).as("seed %d", seed).isPositive();
            net.run(60 * SECOND); // a minute of history for the detectors
            String victim = SimGossipNetwork.node(7);
            net.kill(victim);
            long killedAt = net.now();
            while (!net.alive().stream().allMatch(g -> g.status(victim, net.now()) == MemberStatus.DOWN)) {
                assertThat(net.now() - killedAt)
                        .as("detection time of a dead node (seed %d)", seed)
                        .isLessThan(30 * SECOND);
                net.run(STEP);
            }
            detections.add(net.now() - killedAt);
        }
        Collections.sort(detections);
        long median = (detections.get(4) + detections.get(5)) / 2;
        System.out.printf(
                "%ndead node seen DOWN by all 9 others (10 nodes, 1 s rounds, phi 8, 10 seeds): median %.1f s, max %.1f s%n",
                median / 1e9, detections.get(9) / 1e9);
    }

    @Test
    void lateAndLostMessagesNeverMakeALiveNodeDown() {
        SimGossipNetwork net = SimGossipNetwork.start(10, 3, 7, 200 * MS, 0.01);
        assertThat(convergence(net, 60 * SECOND)).isPositive();
        Map<String, MemberStatus> seen = new HashMap<>();
        int suspectTransitions = 0;
        int downTransitions = 0;
        long end = net.now() + 600 * SECOND;
        while (net.now() < end) {
            net.run(STEP);
            for (Gossiper observer : net.nodes) {
                for (Gossiper other : net.nodes) {
                    String key = observer.self().node() + ">" + other.self().node();
                    MemberStatus status = observer.status(other.self().node(), net.now());
                    MemberStatus before = seen.put(key, status);
                    if (status != before && status == MemberStatus.SUSPECT) {
                        suspectTransitions++;
                    }
                    if (status != before && status == MemberStatus.DOWN) {
                        downTransitions++;
                    }
                }
            }
        }
        System.out.printf(
                "%n10 nodes, 10 simulated minutes, delays 0-200 ms, 1%% loss: %d false DOWN, %d SUSPECT transitions%n",
                downTransitions, suspectTransitions);
        assertThat(downTransitions).as("false DOWN transitions").isZero();
    }

    @Test
    void aNodeOutOfServiceIsDownWhileItsHeartbeatsContinue() {
        SimGossipNetwork net = SimGossipNetwork.start(5, 2, 3, 10 * MS, 0);
        assertThat(convergence(net, 60 * SECOND)).isPositive();
        Gossiper drained = net.nodes.get(3);
        drained.setHealth("OUT_OF_SERVICE");
        long version = drained.self().version();
        net.run(30 * SECOND);

        for (Gossiper observer : net.nodes) {
            assertThat(observer.status("n3", net.now())).isEqualTo(MemberStatus.DOWN);
            Gossiper.Member member = observer.members().stream()
                    .filter(m -> m.state().node().equals("n3"))
                    .findFirst()
                    .orElseThrow();
            assertThat(member.phi()).as("heartbeats still arrive").isLessThan(4);
            assertThat(member.state().version()).isGreaterThan(version + 20);
        }

        drained.setHealth("UP");
        net.run(10 * SECOND);
        assertThat(net.allUp()).isTrue();
    }

    /** Simulated seconds until every live node holds a ring of at least {@code version}, or -1. */
    private static long ringSpread(SimGossipNetwork net, long version, long limit) {
        long from = net.now();
        while (net.now() - from < limit) {
            net.run(SECOND);
            if (net.alive().stream().allMatch(g -> g.ring() != null && g.ring().version() >= version)) {
                return (net.now() - from) / SECOND;
            }
        }
        return -1;
    }

    @Test
    void theHighestRingVersionReachesEveryNodeIn3To1000NodeClusters() {
        StringBuilder figures = new StringBuilder(
                "\nring by gossip (1 s rounds, 3 seeds; one node holds the ring at start, a later node offers version 2):");
        GossipSettings defaults = GossipSettings.defaults("sim");
        // 1000 detectors of 1000 peers each would remember 10^9 intervals; 10 apiece do here.
        GossipSettings smallWindows = new GossipSettings(
                "sim",
                defaults.intervalNanos(),
                defaults.phiThreshold(),
                10,
                defaults.minStdDevNanos(),
                defaults.acceptablePauseNanos());
        for (int n : new int[] {3, 10, 100, 1000}) {
            SimGossipNetwork net =
                    SimGossipNetwork.start(n >= 1000 ? smallWindows : defaults, n, Math.min(3, n), 11, 10 * MS, 0);
            net.nodes.get(0).offerRing(TestRings.ring(1));
            long first = ringSpread(net, 1, 120 * SECOND);
            assertThat(first).as("version 1 reaches all %d nodes", n).isPositive();
            net.run(5 * SECOND);
            net.nodes.get(n - 1).offerRing(TestRings.ring(2));
            long second = ringSpread(net, 2, 120 * SECOND);
            assertThat(second).as("version 2 reaches all %d nodes", n).isPositive();
            double log2 = Math.log(n) / Math.log(2);
            assertThat(second)
                    .as("rounds for version 2 to reach %d nodes", n)
                    .isLessThanOrEqualTo((long) Math.ceil(2 * log2) + 3);
            for (Gossiper g : net.nodes) {
                assertThat(g.ring().version()).isEqualTo(2);
                assertThat(g.self().ringVersion()).isEqualTo(2);
            }
            figures.append(String.format(" %d nodes: %d s, then %d s;", n, first, second));
        }
        System.out.println(figures);
    }

    @Test
    void aRestartedNodeWithAnOlderRingCatchesUpAndMovesNoOneBack() {
        SimGossipNetwork net = SimGossipNetwork.start(10, 3, 5, 10 * MS, 0.01);
        net.nodes.get(0).offerRing(TestRings.ring(1));
        assertThat(ringSpread(net, 1, 60 * SECOND)).isPositive();
        net.kill("n4");
        net.nodes.get(2).offerRing(TestRings.ring(2));
        assertThat(ringSpread(net, 2, 60 * SECOND)).isPositive();

        // n4 comes back (a new generation) holding the ring it had stored: version 1.
        Gossiper back = net.add(
                GossipSettings.defaults("sim"),
                "n4",
                SimGossipNetwork.address(4),
                2,
                List.of(SimGossipNetwork.address(0)),
                99);
        back.offerRing(TestRings.ring(1));
        assertThat(ringSpread(net, 2, 60 * SECOND)).isPositive();
        assertThat(back.ring().version()).isEqualTo(2);
        net.run(10 * SECOND);
        for (Gossiper g : net.alive()) {
            assertThat(g.ring().version()).as(g.self().node()).isEqualTo(2);
        }
    }
}
