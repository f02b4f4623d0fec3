package io.ringkv.coordinator;

import java.util.List;

/** Where a key's replicas live, and which nodes may stand in for those that are down. */
public interface Placement {

    /** The key's preference list: up to {@code n} distinct nodes, its partition's owner first. */
    List<String> preferenceList(String bucket, byte[] key, int n);

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
