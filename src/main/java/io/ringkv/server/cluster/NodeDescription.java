package io.ringkv.server.cluster;

import io.ringkv.ring.NodeInfo;

/**
 * A node as it describes itself at {@code GET /internal/v1/node}.
 *
 * @param id its node id
 * @param weight its capacity weight
 * @param rack its rack
 * @param address the host:port other nodes reach it at
 */
public record NodeDescription(String id, int weight, String rack, String address) {

    public NodeInfo toNodeInfo() {
        return new NodeInfo(id, weight, rack);
    }
}
