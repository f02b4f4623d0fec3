package io.ringkv.membership;

import io.ringkv.ring.Ring;

/**
 * Where a {@link Gossiper} hands the rings it adopts: the node's placement. Gossip spreads the ring
 * with the highest version; the holder says which rings this node can use at all.
 */
public interface RingHolder {

    /** Why this node cannot use {@code ring} (another number of partitions, say), or null if it can. */
    String unusable(Ring ring);

    /**
     * Takes in a ring newer than any before it. Called with the gossiper's lock held: it must not call
     * back into the gossiper.
     */
    void adopted(Ring ring);

    /** A holder that takes every ring and does nothing with it. */
    static RingHolder none() {
        return new RingHolder() {
            @Override
            public String unusable(Ring ring) {
                return null;
            }

            @Override
            public void adopted(Ring ring) {}
        };
    }
}
