package io.ringkv.coordinator;

import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import java.util.List;

/** Places keys on one ring: the key's partition, then that partition's preference list. */
public final class RingPlacement implements Placement {
    private final Ring ring;
    private final Partitioner partitioner;
    private final PreferenceList preferenceList;

    public RingPlacement(Ring ring, Partitioner partitioner) {
        if (ring.partitions() != partitioner.partitions()) {
            throw new IllegalArgumentException("the ring has " + ring.partitions() + " partitions but the partitioner "
                    + partitioner.partitions());
        }
        this.ring = ring;
        this.partitioner = partitioner;
        this.preferenceList = new PreferenceList(ring);
    }

    public Ring ring() {
        return ring;
    }

    public int partitionOf(String bucket, byte[] key) {
        return partitioner.partitionOf(bucket, key);
    }

    @Override
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        return preferenceList.nodes(partitionOf(bucket, key), n);
    }

    @Override
    public int clusterSize() {
        return ring.members().size();
    }
}
