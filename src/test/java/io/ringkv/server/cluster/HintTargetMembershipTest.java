package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.coordinator.RingPlacement;
import io.ringkv.membership.EndpointState;
import io.ringkv.membership.Gossiper;
import io.ringkv.membership.MemberStatus;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which hint targets the node's hand-off keeps: members of its ring that gossip does not see LEFT. */
class HintTargetMembershipTest {
    private static final Ring RING =
            Claim.claim(null, List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c")), 64, 3);
    private static final ClusterView VIEW = new ClusterView(new RingPlacement(RING, new Partitioner(64)), id -> "h:1");

    private static Gossiper.Member member(String node, MemberStatus status) {
        return new Gossiper.Member(new EndpointState(node, "h:1", 1, 1, false, "UP", 1), status, 0, 0);
    }

    @Test
    void aRingMemberIsOneUnlessGossipSeesItLeft() {
        List<Gossiper.Member> heard = List.of(member("a", MemberStatus.DOWN), member("b", MemberStatus.LEFT));

        assertThat(ClusterConfiguration.isMember(VIEW, heard, "a"))
                .as("down is still a member")
                .isTrue();
        assertThat(ClusterConfiguration.isMember(VIEW, heard, "b")).isFalse();
        assertThat(ClusterConfiguration.isMember(VIEW, heard, "c"))
                .as("not heard of yet")
                .isTrue();
        assertThat(ClusterConfiguration.isMember(VIEW, heard, "z"))
                .as("not in the ring")
                .isFalse();
    }

    @Test
    void beforeTheRingIsKnownEveryNodeIsOne() {
        assertThat(ClusterConfiguration.isMember(null, List.of(member("b", MemberStatus.LEFT)), "b"))
                .isTrue();
    }

    @Test
    void aHintGoesToItsTargetWhileItHoldsTheKeysRangeElseToTheRangesReplicasNow() {
        Ring four = Claim.claim(
                RING, List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c"), NodeInfo.of("d")), 64, 3);
        Ring moving = Ring.moving(RING, four, 3, java.util.Set.of(), java.util.Set.of());
        ClusterView view = new ClusterView(new RingPlacement(moving, new Partitioner(64)), id -> "h:1");
        int routedAway = 0;
        for (int i = 0; i < 200; i++) {
            byte[] key = ("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            List<String> before = VIEW.placement().preferenceList("b", key, 3);
            List<String> pending = view.placement().pendingReplicas("b", key, 3);
            for (String target : List.of("a", "b", "c", "d")) {
                List<String> route = ClusterConfiguration.hintRoute(view, bucket -> 3, target, "b", key);
                if (before.contains(target) || pending.contains(target)) {
                    assertThat(route).containsExactly(target);
                } else {
                    routedAway++;
                    assertThat(route)
                            .containsExactlyInAnyOrderElementsOf(
                                    java.util.stream.Stream.concat(before.stream(), pending.stream())
                                            .toList());
                }
            }
            assertThat(ClusterConfiguration.hintRoute(null, bucket -> 3, "z", "b", key))
                    .containsExactly("z");
        }
        assertThat(routedAway).isPositive();
    }
}
