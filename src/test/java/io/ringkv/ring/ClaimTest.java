package io.ringkv.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClaimTest {

    @Test
    void newClusterSpreadsPartitionsWithinOneOfTheEqualShare() {
        Ring ring = Claim.claim(null, Rings.equalNodes(7), 256, 3);

        assertThat(ring.version()).isEqualTo(1);
        assertThat(ring.partitions()).isEqualTo(256);
        assertThat(Rings.maxPartitions(ring)).isEqualTo(37); // 256 / 7 = 36.57
        assertThat(Rings.minPartitions(ring)).isEqualTo(36);
    }

    @Test
    void nodeWithDoubleWeightOwnsTwiceAsManyPartitions() {
        List<NodeInfo> nodes = new ArrayList<>(Rings.equalNodes(7));
        nodes.add(new NodeInfo("big", 2, ""));

        Ring ring = Claim.claim(null, nodes, 256, 3);

        // W = 9: the heavy node's share is 56.9, each other node's 28.4.
        assertThat(ring.partitionsOf("big")).hasSizeBetween(56, 57);
        for (NodeInfo node : Rings.equalNodes(7)) {
            assertThat(ring.partitionsOf(node.id())).hasSizeBetween(28, 29);
        }
        assertThat(ring.violations(3)).isEmpty();
    }

    @Test
    void weightThatWouldBreakSpacingIsCappedAndTheRestSharedByWeight() {
        List<NodeInfo> nodes = new ArrayList<>(Rings.equalNodes(4));
        nodes.add(new NodeInfo("big", 3, ""));

        Ring ring = Claim.claim(null, nodes, 256, 3);

        // big's share would be 109.7, but owning more than 256 / 3 = 85 would repeat it within a window;
        // the other four share the remaining 171 (42.75 each).
        assertThat(ring.partitionsOf("big")).hasSize(85);
        for (NodeInfo node : Rings.equalNodes(4)) {
            assertThat(ring.partitionsOf(node.id())).hasSizeBetween(42, 43);
        }
        assertThat(ring.violations(3)).isEmpty();
    }

    @Test
    void anyNConsecutivePartitionsHaveDistinctOwnersForEveryClusterSizeFromN() {
        for (int n : new int[] {2, 3, 5}) {
            for (int q : new int[] {64, 256, 1024}) {
                for (int s = n; s <= 20; s++) {
                    Ring ring = Claim.claim(null, Rings.equalNodes(s), q, n);
                    if ((long) s * (q / n) >= q) {
                        assertThat(ring.violations(n))
                                .as("S=%d Q=%d n=%d", s, q, n)
                                .isEmpty();
                    } else {
                        // S = n and n does not divide Q: some window must repeat a node; keep it to the wrap.
                        assertThat(ring.violations(n))
                                .as("S=%d Q=%d n=%d", s, q, n)
                                .hasSizeLessThan(n);
                    }
                    assertThat(Rings.maxPartitions(ring) - Rings.minPartitions(ring))
                            .as("S=%d Q=%d n=%d", s, q, n)
                            .isLessThanOrEqualTo(1);
                }
            }
        }
    }

    @Test
    void fewerNodesThanNStillGetDistinctNeighbours() {
        Ring ring = Claim.claim(null, Rings.equalNodes(2), 64, 3);

        assertThat(ring.violations(2)).isEmpty();
        assertThat(ring.partitionsOf("n01")).hasSize(32);
    }

    @Test
    void racksAlternateSoEveryNConsecutivePartitionsSpanNRacks() {
        // Ids sort so that both nodes of a rack are neighbours: a naive round robin would pair them.
        List<NodeInfo> nodes = List.of(
                new NodeInfo("a1", 1, "r1"),
                new NodeInfo("a2", 1, "r1"),
                new NodeInfo("b1", 1, "r2"),
                new NodeInfo("b2", 1, "r2"),
                new NodeInfo("c1", 1, "r3"),
                new NodeInfo("c2", 1, "r3"));

        Ring ring = Claim.claim(null, nodes, 256, 3);

        assertThat(ring.violations(3)).isEmpty();
        // Three racks cannot alternate perfectly over 256 = 3 * 85 + 1 partitions: the repeat sits at the wrap.
        assertThat(ring.rackViolations(3)).hasSizeLessThanOrEqualTo(4).allMatch(w -> w.first() >= 252);
    }

    @Test
    void racksAlternateWithoutExceptionWhenTheyDivideTheRingEvenly() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (String rack : List.of("r1", "r2", "r3", "r4")) {
            nodes.add(new NodeInfo(rack + "-x", 1, rack));
            nodes.add(new NodeInfo(rack + "-y", 1, rack));
        }

        Ring ring = Claim.claim(null, nodes, 256, 3);

        assertThat(ring.violations(3)).isEmpty();
        assertThat(ring.rackViolations(3)).isEmpty();
    }

    @Test
    void addingANodeMovesPartitionsOnlyToItAndKeepsTheSpacing() {
        Ring before = Claim.claim(null, Rings.equalNodes(8), 256, 3);

        Ring after = Claim.claim(before, Rings.equalNodes(9), 256, 3);

        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.partitionsMovedFrom(before))
                .isEqualTo(after.partitionsOf("n09").size());
        assertThat(after.partitionsOf("n09")).hasSizeBetween(28, 29); // 256 / 9 = 28.4
        assertThat(after.violations(3)).isEmpty();
    }

    @Test
    void removingANodeMovesOnlyItsPartitionsAndKeepsTheSpacing() {
        Ring before = Claim.claim(null, Rings.equalNodes(9), 256, 3);
        List<NodeInfo> remaining = new ArrayList<>(Rings.equalNodes(9));
        remaining.remove(4);

        Ring after = Claim.claim(before, remaining, 256, 3);

        // The freed partitions sit between the same four neighbours each time, so only four nodes can
        // take them without breaking the spacing; to stay balanced a few others trade one partition.
        int removed = before.partitionsOf(Rings.id(5)).size();
        assertThat(after.partitionsMovedFrom(before)).isBetween(removed, removed * 3 / 2);
        assertThat(Rings.maxPartitions(after) - Rings.minPartitions(after)).isLessThanOrEqualTo(1);
        assertThat(after.violations(3)).isEmpty();
    }

    @Test
    void randomJoinsAndLeavesKeepBalanceSpacingAndMoveLittle() {
        long seed = 20240611L;
        Random random = new Random(seed);
        List<NodeInfo> members = new ArrayList<>(Rings.equalNodes(8));
        int nextId = 9;
        Ring ring = Claim.claim(null, members, 512, 3);
        for (int step = 0; step < 40; step++) {
            boolean join = members.size() <= 6 || (members.size() < 30 && random.nextBoolean());
            int sizeBefore = members.size();
            if (join) {
                members.add(NodeInfo.of(Rings.id(nextId++)));
            } else {
                members.remove(random.nextInt(members.size()));
            }
            Ring next = Claim.claim(ring, members, 512, 3);
            String context = "seed " + seed + " step " + step + (join ? " join" : " leave") + " to " + members.size();
            // A join ideally moves Q / (S + 1); a leave moves the leaver's partitions and, where only a few
            // nodes may take them without breaking the spacing, about as many trades between others.
            int ideal = (int) Math.ceil(512.0 / Math.max(sizeBefore, members.size()));
            int bound = join ? ideal * 3 / 2 : ideal * 2;
            assertThat(next.partitionsMovedFrom(ring)).as(context).isLessThanOrEqualTo(bound);
            assertThat(next.violations(3)).as(context).isEmpty();
            assertThat(Rings.maxPartitions(next) - Rings.minPartitions(next))
                    .as(context)
                    .isLessThanOrEqualTo(1);
            ring = next;
        }
    }

    @Test
    void sameInputsInAnyOrderGiveTheSameRing() {
        List<NodeInfo> nodes = new ArrayList<>(Rings.equalNodes(12));
        Ring first = Claim.claim(null, nodes, 1024, 3);
        Collections.reverse(nodes);

        Ring second = Claim.claim(null, nodes, 1024, 3);

        assertThat(second).isEqualTo(first);
        assertThat(second.hashCode()).isEqualTo(first.hashCode());
        assertThat(Claim.claim(first, Rings.equalNodes(13), 1024, 3))
                .isEqualTo(Claim.claim(second, Rings.equalNodes(13), 1024, 3));
    }

    @Test
    void claimingAgainWithTheSameMembersReturnsTheSameRing() {
        Ring ring = Claim.claim(null, Rings.equalNodes(6), 256, 3);

        assertThat(Claim.claim(ring, Rings.equalNodes(6), 256, 3)).isSameAs(ring);
    }

    @Test
    void rejectsBadArgumentsNamingTheValue() {
        assertThatThrownBy(() -> Claim.claim(null, Rings.equalNodes(3), 100, 3)).hasMessageContaining("100");
        assertThatThrownBy(() -> Claim.claim(null, List.of(), 64, 3)).hasMessageContaining("at least one member");
        assertThatThrownBy(() -> Claim.claim(null, Rings.equalNodes(3), 64, 0)).hasMessageContaining("n must");
        assertThatThrownBy(() -> Claim.claim(null, List.of(NodeInfo.of("a"), NodeInfo.of("a")), 64, 3))
                .hasMessageContaining("node a is listed twice");
        Ring ring = Claim.claim(null, Rings.equalNodes(3), 64, 3);
        assertThatThrownBy(() -> Claim.claim(ring, Rings.equalNodes(3), 128, 3)).hasMessageContaining("ring has 64");
    }
}
