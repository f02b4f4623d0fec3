package io.ringkv.repair;

import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Clock;
import io.ringkv.replica.PurgeHorizons;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * This replica's side of anti-entropy: the Merkle tree of a partition (for a {@link RepairScope}),
 * built by one scan of the partition's contiguous key range and cached, and the keys of given leaves.
 * Answers other replicas' {@link RepairRequest}s.
 *
 * <p>A cached tree is used while the partition has had no write since it was built and it is younger
 * than {@code maxAgeNanos} (versions expire without a write); so a partition at rest is scanned at
 * most once per max age however many exchanges ask for it, and a tree is never staler than that.
 * At most {@link #CACHED_TREES} trees are kept (8 KiB each), least recently used first out.
 *
 * <p>An entry counts a key that has at least one live version (a tombstone is a version; an object
 * whose every version expired counts as absent) and whose bucket's {@code n} (by this node's bucket
 * catalog) and name the scope includes. A tombstone purged by its partition's {@link PurgeHorizons
 * horizon} counts as absent, whether compaction has dropped it yet or not; a cached tree is current
 * only until the horizon passes a tombstone it holds.
 */
public final class PartitionDigests {
    /** Trees kept for reuse. */
    public static final int CACHED_TREES = 256;

    private final ReplicaStore store;
    private final Clock clock;
    private final long maxAgeNanos;
    private final int partitionBits;
    private final long maxAnswerBytes;
    private final PurgeHorizons horizons;
    private final Map<RepairScope, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param maxAgeNanos how long a tree of a partition without writes is reused
     * @param maxAnswerBytes the size a key-list answer stops growing at (whole leaves; at least one)
     */
    public PartitionDigests(ReplicaStore store, Clock clock, long maxAgeNanos, long maxAnswerBytes) {
        this(store, clock, maxAgeNanos, maxAnswerBytes, PurgeHorizons.NEVER);
    }

    /** @param horizons before which a partition's tombstones count as purged */
    public PartitionDigests(
            ReplicaStore store, Clock clock, long maxAgeNanos, long maxAnswerBytes, PurgeHorizons horizons) {
        this.store = store;
        this.horizons = horizons;
        this.clock = clock;
        this.maxAgeNanos = maxAgeNanos;
        this.maxAnswerBytes = maxAnswerBytes;
        this.partitionBits = Integer.numberOfTrailingZeros(store.partitioner().partitions());
    }

    public ReplicaStore store() {
        return store;
    }

    /** @param purgeBoundary the horizon past which a tombstone in the tree is purged */
    private record Cached(MerkleTree tree, long writes, long builtAtNanos, long purgeBoundary) {}

    /** Answers another replica's request; never throws. */
    public RepairResponse handle(RepairRequest request) {
        try {
            checkPartition(request.scope());
            if (request instanceof RepairRequest.Level level) {
                return new RepairResponse.Hashes(tree(level.scope()).nodes(level.level(), level.indexes()));
            }
            RepairRequest.Keys keys = (RepairRequest.Keys) request;
            return new RepairResponse.Keys(keys(keys.scope(), keys.leaves()));
        } catch (IOException | RuntimeException e) {
            return new RepairResponse.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void checkPartition(RepairScope scope) {
        int partitions = store.partitioner().partitions();
        if (scope.partition() >= partitions) {
            throw new IllegalArgumentException(
                    "partition " + scope.partition() + " does not exist in a ring of " + partitions);
        }
    }

    /** The tree of {@code scope}'s keys: cached while current, else built by a scan. */
    public MerkleTree tree(RepairScope scope) throws IOException {
        checkPartition(scope);
        long writes = store.partitionWrites(scope.partition());
        long now = clock.nanos();
        long horizon = horizons.horizonMillis(scope.partition());
        synchronized (cache) {
            Cached cached = cache.get(scope);
            if (cached != null
                    && cached.writes == writes
                    && now - cached.builtAtNanos < maxAgeNanos
                    && horizon <= cached.purgeBoundary) {
                return cached.tree;
            }
        }
        MerkleTree.Builder builder = new MerkleTree.Builder(partitionBits);
        long[] boundary = {Long.MAX_VALUE};
        store.scanPartition(scope.partition(), (bucket, key, object) -> {
            if (counts(object, horizon)
                    && scope.includes(bucket, store.catalog().props(bucket).n())) {
                builder.add(Partitioner.hash(bucket, key), VersionHash.of(object));
                boundary[0] = Math.min(boundary[0], PurgeHorizon.purgedAfter(object));
            }
        });
        MerkleTree tree = builder.build();
        synchronized (cache) {
            cache.put(scope, new Cached(tree, writes, now, boundary[0]));
            while (cache.size() > CACHED_TREES) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return tree;
    }

    /**
     * The keys of the given leaves, by one scan: every leaf asked for, in ascending order, until the
     * answer would pass the size bound (at least one leaf is always answered whole).
     */
    public List<RepairResponse.LeafKeys> keys(RepairScope scope, int[] leaves) throws IOException {
        checkPartition(scope);
        boolean[] wanted = new boolean[MerkleTree.LEAVES];
        for (int leaf : leaves) {
            wanted[leaf] = true;
        }
        TreeMap<Integer, List<RepairResponse.KeyHash>> found = new TreeMap<>();
        long[] bytes = {0};
        int[] limit = {MerkleTree.LEAVES}; // leaves from here on are left for a later request
        long horizon = horizons.horizonMillis(scope.partition());
        store.scanPartition(scope.partition(), (bucket, key, object) -> {
            if (!counts(object, horizon)
                    || !scope.includes(bucket, store.catalog().props(bucket).n())) {
                return;
            }
            long keyHash = Partitioner.hash(bucket, key);
            int leaf = MerkleTree.leafOf(keyHash, partitionBits);
            if (!wanted[leaf] || leaf >= limit[0]) {
                return;
            }
            found.computeIfAbsent(leaf, l -> new ArrayList<>())
                    .add(new RepairResponse.KeyHash(bucket, key, VersionHash.of(object)));
            bytes[0] += 2 + bucket.length() * 3L + 5 + key.length + 8;
            while (bytes[0] > maxAnswerBytes && found.size() > 1) {
                Map.Entry<Integer, List<RepairResponse.KeyHash>> last = found.pollLastEntry();
                limit[0] = last.getKey();
                for (RepairResponse.KeyHash k : last.getValue()) {
                    bytes[0] -= 2 + k.bucket().length() * 3L + 5 + k.key().length + 8;
                }
            }
        });
        List<RepairResponse.LeafKeys> out = new ArrayList<>();
        for (int leaf : leaves) {
            if (leaf >= limit[0]) {
                break;
            }
            out.add(new RepairResponse.LeafKeys(leaf, found.getOrDefault(leaf, List.of())));
        }
        return out;
    }

    /** Whether a stored object counts in trees and key lists: a live version, and not purged. */
    private static boolean counts(VersionedObject object, long horizon) {
        return !object.isEmpty() && !PurgeHorizon.isPurged(object, horizon);
    }
}
