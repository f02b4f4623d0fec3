package io.ringkv.coordinator;

import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * Places keys on one ring: the key's partition, then that partition's replicas. On a ring that
 * moves, a range's replicas are its previous ones until it has switched and its target ones after
 * ({@link Ring#readReplicas}); the target replicas that do not serve it yet are its pending ones
 * ({@link Ring#pendingReplicas}). Both are computed once per (range, n) and kept with this placement,
 * which is made anew for every ring.
 */
public final class RingPlacement implements Placement {
    private final Ring ring;
    private final Partitioner partitioner;
    private final PreferenceList preferenceList;
    private final Predicate<String> isUp;
    private final ConcurrentHashMap<Integer, AtomicReferenceArray<List<String>>> readCache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicReferenceArray<List<String>>> pendingCache =
            new ConcurrentHashMap<>();

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
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        return partitionReplicas(partitionOf(bucket, key), n);
    }

    @Override
    public List<String> partitionReplicas(int partition, int n) {
        if (ring.stable()) {
            return cached(readCache, partition, n, () -> preferenceList.nodes(partition, n));
        }
        return cached(readCache, partition, n, () -> ring.readReplicas(partition, n));
    }

    @Override
    public List<String> pendingReplicas(String bucket, byte[] key, int n) {
        if (ring.stable()) {
            return List.of();
        }
        int partition = partitionOf(bucket, key);
        return cached(pendingCache, partition, n, () -> ring.pendingReplicas(partition, n));
    }

    /**
     * Fallbacks beyond the key's replicas: nodes that neither serve its range nor receive it, up
     * and in ring order.
     */
    @Override
    public List<String> fallbacks(String bucket, byte[] key, int n, int count) {
        int partition = partitionOf(bucket, key);
        if (ring.stable()) {
            return preferenceList.fallbacks(partition, n, isUp, count);
        }
        Set<String> taken = new HashSet<>(partitionReplicas(partition, n));
        taken.addAll(pendingReplicas(bucket, key, n));
        List<String> result = new ArrayList<>();
        for (String node :
                preferenceList.fallbacks(partition, 1, isUp, ring.members().size())) {
            if (result.size() < count && !taken.contains(node)) {
                result.add(node);
            }
        }
        return List.copyOf(result);
    }

    @Override
    public boolean isUp(String node) {
        return isUp.test(node);
    }

    @Override
    public int clusterSize() {
        return ring.members().size();
    }

    private List<String> cached(
            ConcurrentHashMap<Integer, AtomicReferenceArray<List<String>>> cache,
            int partition,
            int n,
            java.util.function.Supplier<List<String>> compute) {
        AtomicReferenceArray<List<String>> byPartition =
                cache.computeIfAbsent(n, k -> new AtomicReferenceArray<>(ring.partitions()));
        List<String> nodes = byPartition.get(partition);
        if (nodes == null) {
            nodes = compute.get();
            byPartition.set(partition, nodes);
        }
        return nodes;
    }
}
