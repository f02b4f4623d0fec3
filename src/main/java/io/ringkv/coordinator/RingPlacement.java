package io.ringkv.coordinator;

import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import java.util.List;
import java.util.function.Predicate;

/** Places keys on one ring: the key's partition, then that partition's preference list. */
public final class RingPlacement implements Placement {
    private final Ring ring;
    private final Partitioner partitioner;
    private final PreferenceList preferenceList;
    private final Predicate<String> isUp;

    /** Placement on a ring where every node is taken to be up. */
    public RingPlacement(Ring ring, Partitioner partitioner) {
        this(ring, partitioner, node -> true);
    }

    /** Placement on a ring, with {@code isUp} telling which nodes may serve as fallbacks. */
    public RingPlacement(Ring ring, Partitioner partitioner, Predicate<String> isUp) {
        if (ring.partitions() != partitioner.partitions()) {
            throw new IllegalArgumentException("the ring has " + ring.partitions() + " partitions but the partitioner "
                    + partitioner.partitions());
        }
        this.ring = ring;
        this.partitioner = partitioner;
        this.preferenceList = new PreferenceList(ring);
        this.isUp = isUp;
    }

    public Ring ring() {
        return ring;
    }

    @Override
    public int partitions() {
        return ring.partitions();
    }

    @Override
    public int partitionOf(String bucket, byte[] key) {
        return partitioner.partitionOf(bucket, key);
    }

    @Override
    public List<String> partitionReplicas(int partition, int n) {
        return preferenceList.nodes(partition, n);
    }

    @Override
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        return partitionReplicas(partitionOf(bucket, key), n);
    }

    @Override
    public List<String> fallbacks(String bucket, byte[] key, int n, int count) {
        return preferenceList.fallbacks(partitionOf(bucket, key), n, isUp, count);
    }

    @Override
    public boolean isUp(String node) {
        return isUp.test(node);
    }

    @Override
    public int clusterSize() {
        return ring.members().size();
    }
}
