package io.ringkv.ring;

import java.util.ArrayList;
import java.util.List;

/** Test helpers that build member lists and measure rings. */
final class Rings {
    private Rings() {}

    /** Nodes n01, n02, ... of weight 1 in the default rack. */
    static List<NodeInfo> equalNodes(int count) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(NodeInfo.of(id(i)));
        }
        return nodes;
    }

    static String id(int i) {
        return String.format("n%02d", i);
    }

    static int maxPartitions(Ring ring) {
        int max = 0;
        for (NodeInfo node : ring.members()) {
            max = Math.max(max, ring.partitionsOf(node.id()).size());
        }
        return max;
    }

    static int minPartitions(Ring ring) {
        int min = Integer.MAX_VALUE;
        for (NodeInfo node : ring.members()) {
            min = Math.min(min, ring.partitionsOf(node.id()).size());
        }
        return min;
    }
}
