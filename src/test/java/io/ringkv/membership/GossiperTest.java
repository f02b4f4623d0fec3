package io.ringkv.membership;

import static io.ringkv.membership.SimGossipNetwork.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One Gossiper's exchange semantics, driven message by message. */
class GossiperTest {
    private final SimClock clock = new SimClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final DirectGossipTransport transport = new DirectGossipTransport();

    private Gossiper gossiper(String cluster, String node, List<String> seeds) {
        EndpointState self = new EndpointState(node, node + ":7000", 1, 0, false, "UP", 1);
        Gossiper g = new Gossiper(
                GossipSettings.defaults(cluster),
                self,
                seeds,
                transport,
                clock,
                new Random(1),
                metrics,
                RingHolder.none());
        transport.peers.put(self.address(), g);
        return g;
    }

    private static EndpointState state(String node, long generation, long version) {
        return new EndpointState(node, node + ":7000", generation, version, false, "UP", 1);
    }

    @Test
    void aRoundWithASeedLeavesBothSidesKnowingEachOther() {
        Gossiper a = gossiper("c", "a", List.of("b:7000"));
        Gossiper b = gossiper("c", "b", List.of("b:7000"));

        a.round();

        assertThat(transport.synsTo).containsExactly("b:7000");
        assertThat(a.members()).extracting(m -> m.state().node()).containsExactly("a", "b");
        assertThat(b.members()).extracting(m -> m.state().node()).containsExactly("a", "b");
        assertThat(b.status("a", clock.nanos())).isEqualTo(MemberStatus.UP);
        assertThat(a.status("b", clock.nanos())).isEqualTo(MemberStatus.UP);
        assertThat(a.self().version()).isEqualTo(1);
    }

    @Test
    void onSynAnswersNewerStatesAndWantsNewerDigests() {
        Gossiper b = gossiper("c", "b", List.of());
        b.onAck2(new Ack2("c", "x", List.of(state("x", 1, 5), state("y", 1, 2))));

        Ack ack = b.onSyn(new Syn("c", "a", List.of(new Digest("x", 1, 9), new Digest("y", 1, 1))))
                .orElseThrow();

        assertThat(ack.wanted()).containsExactly(new Digest("x", 1, 9));
        assertThat(ack.states()).extracting(EndpointState::node).containsExactlyInAnyOrder("b", "y");
        assertThat(ack.from()).isEqualTo("b");
    }

    @Test
    void olderStatesDoNotCountAsHeartbeats() {
        Gossiper b = gossiper("c", "b", List.of());
        b.onAck2(new Ack2("c", "x", List.of(state("x", 1, 5))));
        clock.advance(20 * SECOND);
        assertThat(b.status("x", clock.nanos())).isEqualTo(MemberStatus.DOWN);

        b.onAck2(new Ack2("c", "x", List.of(state("x", 1, 4), state("x", 1, 5))));

        assertThat(b.status("x", clock.nanos())).isEqualTo(MemberStatus.DOWN);
        b.onAck2(new Ack2("c", "x", List.of(state("x", 1, 6))));
        assertThat(b.status("x", clock.nanos())).isEqualTo(MemberStatus.UP);
    }

    @Test
    void aRestartedNodeIsJudgedByItsNewRhythmNotItsOldSilence() {
        Gossiper b = gossiper("c", "b", List.of());
        for (int v = 1; v <= 30; v++) {
            b.onAck2(new Ack2("c", "x", List.of(state("x", 1, v))));
            clock.advance(SECOND);
        }
        clock.advance(120 * SECOND);
        assertThat(b.status("x", clock.nanos())).isEqualTo(MemberStatus.DOWN);

        b.onAck2(new Ack2("c", "x", List.of(state("x", 2, 1))));
        assertThat(b.status("x", clock.nanos())).isEqualTo(MemberStatus.UP);

        // Had the two-minute gap entered its history, this silence would look ordinary.
        clock.advance(15 * SECOND);
        assertThat(b.status("x", clock.nanos())).isEqualTo(MemberStatus.DOWN);
    }

    @Test
    void healthRingVersionAndLeavingAreChangesOfOwnStateThatOthersSee() {
        Gossiper a = gossiper("c", "a", List.of("b:7000"));
        Gossiper b = gossiper("c", "b", List.of("b:7000"));
        a.setHealth("DOWN");
        a.offerRing(TestRings.ring(9));
        assertThat(a.self().version()).isEqualTo(2);
        assertThat(a.status("a", clock.nanos())).isEqualTo(MemberStatus.DOWN);

        a.round();

        EndpointState seen = b.members().stream()
                .filter(m -> m.state().node().equals("a"))
                .findFirst()
                .orElseThrow()
                .state();
        assertThat(seen.health()).isEqualTo("DOWN");
        assertThat(seen.ringVersion()).isEqualTo(9);
        assertThat(b.status("a", clock.nanos())).isEqualTo(MemberStatus.DOWN);

        a.setHealth("UP");
        a.leave();
        a.round();
        assertThat(b.status("a", clock.nanos())).isEqualTo(MemberStatus.LEFT);
    }

    @Test
    void phiPastHalfTheThresholdIsSuspectAndPastItDown() {
        Gossiper b = gossiper("c", "b", List.of());
        for (int v = 1; v <= 30; v++) {
            b.onAck2(new Ack2("c", "x", List.of(state("x", 1, v))));
            clock.advance(SECOND);
        }
        List<MemberStatus> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            MemberStatus s = b.status("x", clock.nanos());
            if (seen.isEmpty() || seen.get(seen.size() - 1) != s) {
                seen.add(s);
            }
            clock.advance(SECOND / 10);
        }
        assertThat(seen).containsExactly(MemberStatus.UP, MemberStatus.SUSPECT, MemberStatus.DOWN);
    }

    @Test
    void messagesOfAnotherClusterAreRejectedAndChangeNothing() {
        Gossiper a = gossiper("c", "a", List.of());
        List<Gossiper.Member> before = a.members();

        assertThat(a.onSyn(new Syn("other", "z", List.of(new Digest("z", 1, 1)))))
                .isEmpty();
        a.onAck2(new Ack2("other", "z", List.of(state("z", 1, 1), state("a", 1, 99))));

        assertThat(a.members()).isEqualTo(before);
        assertThat(metrics.count("ringkv.gossip.rejected", "reason", "cluster")).isEqualTo(2);
    }

    @Test
    void aNodeOfAnotherClusterCannotJoinThroughASeed() {
        Gossiper a = gossiper("c", "a", List.of());
        Gossiper stranger = gossiper("other", "z", List.of("a:7000"));

        stranger.round();

        assertThat(a.members()).extracting(m -> m.state().node()).containsExactly("a");
        assertThat(stranger.members()).extracting(m -> m.state().node()).containsExactly("z");
        assertThat(metrics.count("ringkv.gossip.rejected", "reason", "cluster")).isEqualTo(1);
    }

    @Test
    void bytesThatDoNotDecodeAreCountedAndChangeNothing() {
        Gossiper a = gossiper("c", "a", List.of());
        List<Gossiper.Member> before = a.members();

        assertThat(a.receive(new byte[] {1, 2, 3})).isEmpty();
        assertThat(a.receive(GossipCodec.encode(new Ack("c", "z", List.of(state("z", 1, 1)), List.of()))))
                .isEmpty();

        assertThat(a.members()).isEqualTo(before);
        assertThat(metrics.count("ringkv.gossip.rejected", "reason", "undecodable"))
                .isEqualTo(2);
    }

    @Test
    void receiveAnswersAnEncodedSyn() throws Exception {
        Gossiper a = gossiper("c", "a", List.of());
        byte[] reply =
                a.receive(GossipCodec.encode(new Syn("c", "b", List.of()))).orElseThrow();
        Ack ack = GossipCodec.decode(reply, Ack.class);
        assertThat(ack.states()).containsExactly(a.self());
    }

    @Test
    void aStaleStateOfItselfIsOutlived() {
        Gossiper a = gossiper("c", "a", List.of());
        a.onAck2(new Ack2("c", "b", List.of(state("a", 1, 50))));
        assertThat(a.self().version()).isEqualTo(51);
    }

    @Test
    void unreachableSeedsAreTriedWhenNoPeerIsLive() {
        Gossiper a = gossiper("c", "a", List.of("a:7000", "s:7000"));
        a.round();
        a.round();
        assertThat(transport.synsTo).containsExactly("s:7000", "s:7000");
        assertThat(metrics.count("ringkv.gossip.failed")).isEqualTo(2);
    }

    @Test
    void twoSeedsThatFoundOnlyEachOtherStillReachTheOtherSeeds() {
        List<String> seeds = List.of("a:7000", "b:7000", "c:7000", "d:7000");
        Gossiper a = gossiper("c", "a", seeds);
        Gossiper b = gossiper("c", "b", seeds);
        gossiper("c", "c", seeds);
        gossiper("c", "d", seeds);
        a.onAck2(new Ack2("c", "b", List.of(b.self())));
        transport.synsTo.clear();

        for (int i = 0; i < 20; i++) {
            a.round();
        }

        assertThat(transport.synsTo).contains("b:7000").containsAnyOf("c:7000", "d:7000");
        assertThat(a.members()).extracting(m -> m.state().node()).contains("a", "b", "c", "d");
    }
}
