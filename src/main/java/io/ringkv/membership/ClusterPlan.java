package io.ringkv.membership;

import io.ringkv.ring.Ring;
import java.util.List;

/**
 * What committing the staged changes would do: the ring it would install (a transition from the
 * base ring to the target assignment), every member's partitions in the target, and the transfers
 * with their estimated size.
 *
 * @param id names the base ring version and the staged changes; a commit must name it
 * @param baseVersion the version of the ring the plan was made from
 * @param changes the staged changes, in the order staged
 * @param next the ring the commit would install
 * @param transfers each transfer with its estimate
 * @param movedPartitions how many partitions change owner
 */
public record ClusterPlan(
        String id,
        long baseVersion,
        List<ClusterChange> changes,
        Ring next,
        List<PlannedTransfer> transfers,
        int movedPartitions) {

    /** A transfer of the plan, with the keys and bytes its source holds in its range (-1: unknown). */
    public record PlannedTransfer(int range, String from, String to, long estimatedKeys, long estimatedBytes) {}
}
