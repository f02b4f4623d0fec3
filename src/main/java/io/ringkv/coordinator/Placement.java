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

    /** Whether {@code node} is believed up; everyone by default. */
    default boolean isUp(String node) {
        return true;
    }
}
