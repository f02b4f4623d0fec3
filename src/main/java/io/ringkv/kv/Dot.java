package io.ringkv.kv;

/**
 * One write event: the {@code counter}-th version of a key issued by replica {@code node}. Every
 * sibling carries the dot that created it; a context covers a dot when it has seen that event.
 */
public record Dot(String node, long counter) {
    public Dot {
        if (node == null || node.isEmpty()) {
            throw new IllegalArgumentException("dot node is empty");
        }
        if (counter < 1) {
            throw new IllegalArgumentException("dot counter must be positive: " + counter);
        }
    }
}
