package io.ringkv.server.cluster;

import io.ringkv.ring.NodeInfo;

/**
 * A node as it describes itself at {@code GET /internal/v1/node}.
 *
 * @param id its node id
 * @param weight its capacity weight
 * @param rack its rack
 * @param address the host:port other nodes reach it at
 * @param ringVersion the version of the ring it holds (0 or absent: none yet)
 * @param cluster the name of its cluster (absent from older nodes)
 * @param partitions its number of partitions, ringkv.ring.partitions (absent from older nodes)
 */
public record NodeDescription(
        String id, int weight, String rack, String address, Long ringVersion, String cluster, Integer partitions) {

    public NodeInfo toNodeInfo() {
        return new NodeInfo(id, weight, rack);
    }

    /** Whether the node already holds a ring, so a cluster exists that a new node should learn, not compute. */
    public boolean holdsRing() {
        return ringVersion != null && ringVersion > 0;
    }
}
