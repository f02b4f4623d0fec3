package io.ringkv.server.cluster;

import io.ringkv.coordinator.RingPlacement;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Ring;
import java.util.Map;

/**
 * What this node knows of the cluster once every seed has answered: the ring, placement over it,
 * and where each member is reached.
 *
 * @param addresses each member's id and its advertised host:port
 */
public record ClusterView(RingPlacement placement, Map<String, String> addresses) {
    public ClusterView {
        addresses = Map.copyOf(addresses);
    }

    public Ring ring() {
        return placement.ring();
    }

    /** A member's address, or null for a node that is not one. */
    public String addressOf(String nodeId) {
        return addresses.get(nodeId);
    }

    /** A member's description, or null for a node that is not one. */
    public NodeInfo member(String nodeId) {
        return ring().member(nodeId).orElse(null);
    }
}
