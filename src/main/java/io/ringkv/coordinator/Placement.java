package io.ringkv.coordinator;

import java.util.List;

/** Where a key's replicas live, and which nodes may stand in for those that are down. */
public interface Placement {

    /**
     * The key's preference list: up to {@code n} distinct nodes, its partition's owner first. While
     * the ring moves, these are the replicas that serve the key's range now (the previous ones until
     * the range has switched): reads ask them, and they count toward a write's w.
     */
    List<String> preferenceList(String bucket, byte[] key, int n);

    /**
     * The nodes that receive the key's range in a transition under way and do not serve it yet:
     * writes go to them as well and need one more acknowledgement for each. None by default (a stable
     * ring).
     */
    default List<String> pendingReplicas(String bucket, byte[] key, int n) {
        return List.of();
    }

    /** How many nodes the cluster has. */
    int clusterSize();

    /**
     * Up to {@code count} nodes beyond the key's preference list of size {@code n} that are up, in
     * ring order: where a sloppy quorum sends the writes of unreachable replicas. None by default.
     */
    default List<String> fallbacks(String bucket, byte[] key, int n, int count) {
        return List.of();
    }

    /**
     * How many partitions the ring has. A placement that serves key listings overrides this and the
     * two below; the default serves none.
     */
    default int partitions() {
        throw new UnsupportedOperationException("this placement does not list keys");
    }

    /** The partition of a key: 0 to {@link #partitions()} - 1. */
    default int partitionOf(String bucket, byte[] key) {
        throw new UnsupportedOperationException("this placement does not list keys");
    }

    /**
     * The replicas a read of {@code partition}'s keys with {@code n} replicas asks: up to {@code n}
     * distinct nodes, the partition's owner first (on a stable ring, its preference list).
     */
    default List<String> partitionReplicas(int partition, int n) {
        throw new UnsupportedOperationException("this placement does not list keys");
    }

    /** Whether {@code node} is believed up; everyone by default. */
    default boolean isUp(String node) {
        return true;
    }
}
