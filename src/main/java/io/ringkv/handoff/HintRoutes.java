package io.ringkv.handoff;

import java.util.List;

/**
 * Where a hint goes now. A hint names the replica that missed a write; by the time it is replayed,
 * the ring may have moved the key's range away from that replica (a join, a leave, a replace), and a
 * replica that no longer holds the range would take the write only to drop it with the range. The
 * routes send such a hint to the range's current write replicas instead.
 */
@FunctionalInterface
public interface HintRoutes {

    /**
     * The nodes a hint for {@code target} of {@code bucket}/{@code key} goes to: {@code target}
     * alone while it still replicates the key (or the ring is not known); else the key's current
     * write replicas (those that serve its range and those receiving it).
     */
    List<String> of(String target, String bucket, byte[] key);

    /** Every hint to its own target, whatever the ring. */
    static HintRoutes direct() {
        return (target, bucket, key) -> List.of(target);
    }
}
