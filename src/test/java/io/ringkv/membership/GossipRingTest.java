package io.ringkv.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import io.ringkv.ring.Ring;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ring rides on gossip: the highest version wins, and nothing moves it backwards. */
class GossipRingTest {
    private final SimClock clock = new SimClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final Map<String, List<Ring>> adopted = new HashMap<>();

    private final DirectGossipTransport transport = new DirectGossipTransport();

    /** A gossiper whose holder records what it adopts and refuses rings of other than 8 partitions. */
    private Gossiper gossiper(String node, String... seeds) {
        List<Ring> log = new ArrayList<>();
        adopted.put(node, log);
        RingHolder holder = new RingHolder() {
            @Override
            public String unusable(Ring ring) {
                return ring.partitions() == 8 ? null : "it has " + ring.partitions() + " partitions, not 8";
            }

            @Override
            public void adopted(Ring ring) {
                log.add(ring);
            }
        };
        EndpointState self = new EndpointState(node, node + ":7000", 1, 0, false, "UP", 0);
        Gossiper g = new Gossiper(
                GossipSettings.defaults("c"), self, List.of(seeds), transport, clock, new Random(1), metrics, holder);
        transport.peers.put(self.address(), g);
        return g;
    }

    private long rejected(String reason) {
        return metrics.count("ringkv.gossip.rejected", "reason", reason);
    }

    @Test
    void aNewerRingTravelsFromTheAnsweringSideAndFromTheInitiator() {
        Gossiper a = gossiper("a", "b:7000");
        Gossiper b = gossiper("b");
        Ring v1 = TestRings.ring(1);
        Ring v2 = TestRings.ring(2, 8, "a", "b");

        b.offerRing(v1);
        a.round(); // a holds none: b's Ack carries v1
        assertThat(a.ring()).isEqualTo(v1);
        assertThat(a.self().ringVersion()).isEqualTo(1);

        a.offerRing(v2);
        a.round(); // b holds v1: a's Ack2 carries v2
        assertThat(b.ring()).isEqualTo(v2);
        assertThat(adopted.get("b")).containsExactly(v1, v2);
        assertThat(adopted.get("a")).containsExactly(v1, v2);
        assertThat(metrics.count("ringkv.ring.adopted")).isEqualTo(4);
    }

    @Test
    void aRingIsSentOnlyToAPeerThatHoldsAnOlderOne() {
        Gossiper b = gossiper("b");
        b.offerRing(TestRings.ring(3));
        assertThat(b.onSyn(new Syn("c", "a", 3, List.of())).orElseThrow().ring())
                .isNull();
        assertThat(b.onSyn(new Syn("c", "a", 5, List.of())).orElseThrow().ring())
                .isNull();
        assertThat(b.onSyn(new Syn("c", "a", 2, List.of())).orElseThrow().ring())
                .isEqualTo(TestRings.ring(3));
        assertThat(b.onSyn(new Syn("c", "a", 2, List.of())).orElseThrow().ringVersion())
                .isEqualTo(3);
    }

    @Test
    void anOlderRingIsRejectedCountedAndChangesNothing() {
        Gossiper b = gossiper("b");
        Ring v5 = TestRings.ring(5);
        b.offerRing(v5);
        long stateVersion = b.self().version();

        b.onAck2(new Ack2("c", "x", TestRings.ring(4, 8, "x"), List.of()));
        assertThat(b.offerRing(TestRings.ring(2))).isFalse();

        assertThat(b.ring()).isSameAs(v5);
        assertThat(b.self().ringVersion()).isEqualTo(5);
        assertThat(b.self().version()).isEqualTo(stateVersion);
        assertThat(adopted.get("b")).containsExactly(v5);
        assertThat(rejected("ring-older")).isEqualTo(2);
    }

    @Test
    void anotherRingUnderTheHeldVersionIsAConflictAndTheHeldOneStays() {
        Gossiper b = gossiper("b");
        Ring mine = TestRings.ring(1, 8, "a", "b", "c");
        b.offerRing(mine);

        b.onAck2(new Ack2("c", "x", TestRings.ring(1, 8, "x", "y"), List.of()));
        b.onAck2(new Ack2("c", "x", TestRings.ring(1, 8, "a", "b", "c"), List.of())); // the same ring

        assertThat(b.ring()).isSameAs(mine);
        assertThat(rejected("ring-conflict")).isEqualTo(1);
        assertThat(adopted.get("b")).containsExactly(mine);
    }

    @Test
    void aRingTheHolderCannotUseIsRejectedWhateverItsVersion() {
        Gossiper b = gossiper("b");
        b.onAck2(new Ack2("c", "x", TestRings.ring(9, 16, "x"), List.of()));
        assertThat(b.ring()).isNull();
        assertThat(b.self().ringVersion()).isZero();
        assertThat(rejected("ring-unusable")).isEqualTo(1);
        assertThat(adopted.get("b")).isEmpty();
    }

    @Test
    void aRingFromAnotherClusterIsNeverLookedAt() {
        Gossiper b = gossiper("b");
        b.onAck2(new Ack2("other", "x", TestRings.ring(9), List.of()));
        assertThat(b.ring()).isNull();
        assertThat(rejected("cluster")).isEqualTo(1);
    }

    @Test
    void theRingVersionIsAGauge() {
        Gossiper b = gossiper("b");
        assertThat(metrics.gaugeValue("ringkv.ring.version")).isZero();
        b.offerRing(TestRings.ring(7));
        assertThat(metrics.gaugeValue("ringkv.ring.version")).isEqualTo(7.0);
    }
}
