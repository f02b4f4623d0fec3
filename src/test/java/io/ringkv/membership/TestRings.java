package io.ringkv.membership;

import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Ring;
import java.util.ArrayList;
import java.util.List;

/** Small rings for gossip tests: partitions dealt round-robin over the members. */
final class TestRings {
    private TestRings() {}

    static Ring ring(long version, int partitions, String... members) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (String m : members) {
            nodes.add(NodeInfo.of(m));
        }
        String[] owners = new String[partitions];
        for (int p = 0; p < partitions; p++) {
            owners[p] = members[p % members.length];
        }
        return new Ring(version, nodes, owners);
    }

    static Ring ring(long version) {
        return ring(version, 8, "a", "b", "c");
    }
}
