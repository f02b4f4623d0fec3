package io.ringkv.coordinator;

import java.util.List;

/** Where a key's replicas live. */
public interface Placement {

    /** The key's preference list: up to {@code n} distinct nodes, its partition's owner first. */
    List<String> preferenceList(String bucket, byte[] key, int n);

    /** How many nodes the cluster has. */
    int clusterSize();
}
