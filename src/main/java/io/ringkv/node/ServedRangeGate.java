package io.ringkv.node;

import io.ringkv.coordinator.RingPlacement;
import io.ringkv.membership.RingKeeper;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaService;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;

/**
 * A node coordinates the writes of a key only while it serves the key's range in the ring it holds:
 * it is among the range's read replicas for the bucket's n (at most the ring's member count). A
 * node without a ring yet refuses nothing; a node that has left serves no range. Asked on every
 * coordinated write, so the read replicas come from a {@link RingPlacement} of the current ring,
 * which computes each partition's once.
 */
final class ServedRangeGate implements ReplicaService.CoordinationGate {
    private final String self;
    private final RingKeeper keeper;
    private final Partitioner partitioner;
    private final BucketCatalog catalog;
    private volatile RingPlacement placement;

    ServedRangeGate(String self, RingKeeper keeper, Partitioner partitioner, BucketCatalog catalog) {
        this.self = self;
        this.keeper = keeper;
        this.partitioner = partitioner;
        this.catalog = catalog;
    }

    @Override
    public String refusal(String bucket, byte[] key) {
        Ring ring = keeper.ring();
        if (ring == null) {
            return null;
        }
        RingPlacement current = placement;
        if (current == null || current.ring() != ring) {
            current = new RingPlacement(ring, partitioner);
            placement = current;
        }
        int range = current.partitionOf(bucket, key);
        int n = Math.min(catalog.props(bucket).n(), Math.max(1, current.clusterSize()));
        return current.partitionReplicas(range, n).contains(self)
                ? null
                : "partition " + range + " is not served here in ring version " + ring.version();
    }
}
