package io.ringkv.server.cluster;

import io.ringkv.coordinator.RingPlacement;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Ring;
import java.util.List;
import java.util.function.Function;

/**
 * What this node knows of the cluster once it has a ring: the ring, placement over it, and where
 * each member is reached.
 *
 * @param addressBook a member's advertised host:port as last heard, or null while not known
 */
public record ClusterView(RingPlacement placement, Function<String, String> addressBook) {

    public Ring ring() {
        return placement.ring();
    }

    /** The ids of the ring's members, sorted. */
    public List<String> memberIds() {
        return ring().members().stream().map(NodeInfo::id).toList();
    }

    /** A member's address, or null for a node that is not one (or whose address is not known yet). */
    public String addressOf(String nodeId) {
        return member(nodeId) == null ? null : addressBook.apply(nodeId);
    }

    /** A member's description, or null for a node that is not one. */
    public NodeInfo member(String nodeId) {
        return ring().member(nodeId).orElse(null);
    }
}
