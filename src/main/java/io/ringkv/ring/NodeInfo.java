package io.ringkv.ring;

/**
 * A physical node as the ring sees it: its id, its capacity weight (it owns partitions in proportion
 * to it) and its rack (blank means {@link #DEFAULT_RACK}).
 */
public record NodeInfo(String id, int weight, String rack) {
    public static final String DEFAULT_RACK = "default";

    public NodeInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank: '" + id + "'");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight of node " + id + " must be at least 1: " + weight);
        }
        rack = rack == null || rack.isBlank() ? DEFAULT_RACK : rack;
    }

    /** A node of weight 1 in the default rack. */
    public static NodeInfo of(String id) {
        return new NodeInfo(id, 1, DEFAULT_RACK);
    }
}
