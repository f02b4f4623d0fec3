package io.ringkv.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RingTest {
    private static final List<NodeInfo> ABC = List.of(NodeInfo.of("c"), NodeInfo.of("a"), NodeInfo.of("b"));

    @Test
    void violationsNameEachWindowThatRepeatsAnOwnerIncludingAcrossTheWrap() {
        Ring ring = new Ring(1, ABC, new String[] {"a", "b", "c", "a", "b", "a"});

        assertThat(ring.violations(3))
                .containsExactly(
                        new Ring.Window(3, List.of("a", "b", "a")),
                        new Ring.Window(4, List.of("b", "a", "a")),
                        new Ring.Window(5, List.of("a", "a", "b")));
        assertThat(ring.violations(2)).containsExactly(new Ring.Window(5, List.of("a", "a")));
        assertThat(ring.violations(1)).isEmpty();
    }

    @Test
    void rackViolationsLookAtRacksNotNodes() {
        List<NodeInfo> nodes =
                List.of(new NodeInfo("a", 1, "r1"), new NodeInfo("b", 1, "r1"), new NodeInfo("c", 1, "r2"));
        Ring ring = new Ring(1, nodes, new String[] {"a", "b", "c", "c"});

        assertThat(ring.racksConfigured()).isTrue();
        assertThat(ring.violations(2)).containsExactly(new Ring.Window(2, List.of("c", "c")));
        assertThat(ring.rackViolations(2)).extracting(Ring.Window::first).containsExactly(0, 2);
    }

    @Test
    void partitionsOfListsAscendingPartitionsAndMembersSortById() {
        Ring ring = new Ring(4, ABC, new String[] {"b", "a", "b", "c"});

        assertThat(ring.partitionsOf("b")).containsExactly(0, 2);
        assertThat(ring.partitionsOf("zz")).isEmpty();
        assertThat(ring.members()).extracting(NodeInfo::id).containsExactly("a", "b", "c");
        assertThat(ring.version()).isEqualTo(4);
        assertThat(ring.racksConfigured()).isFalse();
    }

    @Test
    void equalWhenVersionMembersAndOwnersAgree() {
        String[] owners = {"a", "b", "c", "a"};
        Ring ring = new Ring(2, ABC, owners);
        owners[0] = "c"; // the ring keeps its own copy

        assertThat(ring)
                .isEqualTo(new Ring(2, List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c")), new String[] {
                    "a", "b", "c", "a"
                }));
        assertThat(ring.hashCode()).isEqualTo(new Ring(2, ABC, new String[] {"a", "b", "c", "a"}).hashCode());
        assertThat(ring).isNotEqualTo(new Ring(3, ABC, new String[] {"a", "b", "c", "a"}));
        assertThat(ring).isNotEqualTo(new Ring(2, ABC, new String[] {"a", "b", "a", "c"}));
    }

    @Test
    void rejectsOwnersThatAreNotMembersAndDuplicateMembers() {
        assertThatThrownBy(() -> new Ring(1, ABC, new String[] {"a", "x"}))
                .hasMessageContaining("owner x of partition 1 is not a member");
        assertThatThrownBy(() -> new Ring(1, List.of(NodeInfo.of("a"), NodeInfo.of("a")), new String[] {"a"}))
                .hasMessageContaining("node a is listed twice");
        assertThatThrownBy(() -> new NodeInfo("a", 0, "r")).hasMessageContaining("weight of node a");
        assertThat(new NodeInfo("a", 1, " ").rack()).isEqualTo(NodeInfo.DEFAULT_RACK);
    }
}
