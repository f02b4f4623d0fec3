package io.ringkv.ring;

/**
 * One move of a transition: node {@code to} receives the data of key range {@code range} (the
 * storage partition of that number). {@code from} is the node that held the same slot of the range's
 * preference list before; null when the old list was shorter or {@code from} was force-removed, and
 * then {@code to} rebuilds the range from every other old replica of it.
 */
public record Transfer(int range, String from, String to) {
    public Transfer {
        if (range < 0) {
            throw new IllegalArgumentException("range must not be negative: " + range);
        }
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("a transfer needs a receiving node");
        }
    }

    /** Whether the receiver rebuilds the range from every old replica rather than one source. */
    public boolean rebuild() {
        return from == null;
    }
}
