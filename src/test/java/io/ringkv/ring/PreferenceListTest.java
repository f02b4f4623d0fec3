package io.ringkv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreferenceListTest {

    @Test
    void listsTheOwnerThenDistinctNodesClockwiseUpToN() {
        for (int s = 1; s <= 6; s++) {
            Ring ring = Claim.claim(null, Rings.equalNodes(s), 64, 3);
            PreferenceList lists = new PreferenceList(ring);
            for (int p = 0; p < 64; p++) {
                List<String> nodes = lists.nodes(p, 3);
                assertThat(nodes)
                        .as("S=%d partition %d", s, p)
                        .hasSize(Math.min(3, s))
                        .doesNotHaveDuplicates();
                assertThat(nodes.get(0)).isEqualTo(ring.owner(p));
            }
        }
    }

    @Test
    void followsTheRingClockwiseSkippingRepeatedNodes() {
        List<NodeInfo> nodes = Rings.equalNodes(3);
        Ring ring = new Ring(1, nodes, new String[] {"n01", "n01", "n02", "n01", "n03", "n02"});

        assertThat(new PreferenceList(ring).nodes(0, 3)).containsExactly("n01", "n02", "n03");
        assertThat(new PreferenceList(ring).nodes(5, 2)).containsExactly("n02", "n01");
    }

    @Test
    void everyPreferenceListSpansThreeRacksWithSixNodesOnThreeRacks() {
        List<NodeInfo> nodes = List.of(
                new NodeInfo("a1", 1, "r1"),
                new NodeInfo("a2", 1, "r1"),
                new NodeInfo("b1", 1, "r2"),
                new NodeInfo("b2", 1, "r2"),
                new NodeInfo("c1", 1, "r3"),
                new NodeInfo("c2", 1, "r3"));
        Ring ring = Claim.claim(null, nodes, 256, 3);
        PreferenceList lists = new PreferenceList(ring);

        for (int p = 0; p < 256; p++) {
            Set<String> racks = new HashSet<>();
            for (String node : lists.nodes(p, 3)) {
                racks.add(ring.rackOf(node));
            }
            assertThat(racks).as("partition %d", p).hasSize(3);
        }
    }

    @Test
    void racksUsedFirstEvenWhenTheNextNodeShareARack() {
        List<NodeInfo> nodes =
                List.of(new NodeInfo("a", 1, "r1"), new NodeInfo("b", 1, "r1"), new NodeInfo("c", 1, "r2"));
        Ring ring = new Ring(1, nodes, new String[] {"a", "b", "c", "a", "b", "c"});

        // Clockwise from 0: a, b, c. b shares a's rack, so c comes before it.
        assertThat(new PreferenceList(ring).nodes(0, 2)).containsExactly("a", "c");
        assertThat(new PreferenceList(ring).nodes(0, 3)).containsExactly("a", "c", "b");
    }

    @Test
    void fallbacksAreTheNextUpNodesOutsideThePreferenceList() {
        Ring ring = Claim.claim(null, Rings.equalNodes(8), 64, 3);
        PreferenceList lists = new PreferenceList(ring);

        for (int p = 0; p < 64; p++) {
            List<String> preferred = lists.nodes(p, 3);
            String down = ring.owner((p + 3) % 64);
            List<String> fallbacks = lists.fallbacks(p, 3, node -> !node.equals(down), 2);

            assertThat(fallbacks).as("partition %d", p).hasSize(2).doesNotContainAnyElementsOf(preferred);
            assertThat(fallbacks).doesNotContain(down).doesNotHaveDuplicates();
            assertThat(fallbacks.get(0)).isEqualTo(ring.owner((p + 4) % 64));
        }
    }

    @Test
    void fallbacksRunOutWhenTheRingHasNoMoreNodes() {
        Ring ring = Claim.claim(null, Rings.equalNodes(4), 64, 3);

        assertThat(new PreferenceList(ring).fallbacks(0, 3, node -> true, 5)).hasSize(1);
        assertThat(new PreferenceList(ring).fallbacks(0, 3, node -> false, 5)).isEmpty();
    }
}
