package io.ringkv.repair;

import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Clock;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import io.ringkv.protocol.RepairScope;
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
    private final Pacer scanPacer;
    private final Map<RepairScope, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param maxAgeNanos how long a tree of a partition without writes is reused
     * @param maxAnswerBytes the size a key-list answer stops growing at (whole leaves; at least one)
     */
    public PartitionDigests(ReplicaStore store, Clock clock, long maxAgeNanos, long maxAnswerBytes) {
        this(store, clock, maxAgeNanos, maxAnswerBytes, PurgeHorizons.NEVER, 0);
    }

    /**
     * @param horizons before which a partition's tombstones count as purged
     * @param scanKeysPerSecond the most stored objects all partition scans (tree builds and key
     *     lists) read per second together; 0 for no limit
     */
    public PartitionDigests(
            ReplicaStore store,
            Clock clock,
            long maxAgeNanos,
            long maxAnswerBytes,
            PurgeHorizons horizons,
            long scanKeysPerSecond) {
        this.store = store;
        this.horizons = horizons;
        this.scanPacer = new Pacer(clock, scanKeysPerSecond);
        this.clock = clock;
        this.maxAgeNanos = maxAgeNanos;
        this.maxAnswerBytes = maxAnswerBytes;
        this.partitionBits = Integer.numberOfTrailingZeros(store.partitioner().partitions());
    }

    public ReplicaStore store() {
        return store;
    }

    /**
     * @param writes the partition's write count the tree was built at
     * @param purgeBoundary the horizon past which a tombstone in the tree is purged
     * @param builtMillis when it was built, wall clock (saved with it)
     */
    private record Cached(MerkleTree tree, long writes, long builtAtNanos, long purgeBoundary, long builtMillis) {}

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
        long builtMillis = clock.millis();
        scan(scope.partition(), (bucket, key, object) -> {
            if (counts(object, horizon)
                    && scope.includes(bucket, store.catalog().props(bucket).n())) {
                builder.add(Partitioner.hash(bucket, key), VersionHash.of(object));
                boundary[0] = Math.min(boundary[0], PurgeHorizon.purgedAfter(object));
            }
        });
        MerkleTree tree = builder.build();
        synchronized (cache) {
            cache.put(scope, new Cached(tree, writes, now, boundary[0], builtMillis));
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
        scan(scope.partition(), (bucket, key, object) -> {
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

    /** Objects a scan reads between two waits for the scan rate. */
    private static final int PACED_KEYS = 256;

    /** {@link ReplicaStore#scanPartition}, at most at the scan rate. */
    private void scan(int partition, ReplicaStore.ObjectVisitor visitor) throws IOException {
        int[] unpaced = {0};
        store.scanPartition(partition, (bucket, key, object) -> {
            if (++unpaced[0] == PACED_KEYS) {
                unpaced[0] = 0;
                long wait = scanPacer.reserve(PACED_KEYS);
                if (wait > 0) {
                    try {
                        clock.park(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("partition scan interrupted");
                    }
                }
            }
            visitor.visit(bucket, key, object);
        });
        if (unpaced[0] > 0) {
            scanPacer.reserve(unpaced[0]); // the next scan waits for these
        }
    }

    /** The trees still current (no write since, younger than the max age), to be saved. */
    List<TreeFile.Saved> currentTrees() {
        long now = clock.nanos();
        List<TreeFile.Saved> out = new ArrayList<>();
        synchronized (cache) {
            for (Map.Entry<RepairScope, Cached> e : cache.entrySet()) {
                Cached c = e.getValue();
                if (c.writes == store.partitionWrites(e.getKey().partition()) && now - c.builtAtNanos < maxAgeNanos) {
                    out.add(new TreeFile.Saved(e.getKey(), c.builtMillis, c.purgeBoundary, c.tree));
                }
            }
        }
        return out;
    }

    /** Every partition's write count now (read before checking that saved trees are current). */
    long[] writeCounts() {
        long[] writes = new long[store.partitioner().partitions()];
        for (int p = 0; p < writes.length; p++) {
            writes[p] = store.partitionWrites(p);
        }
        return writes;
    }

    /**
     * Takes saved trees into the cache, as built at their saved time and at the given write counts;
     * those of partitions this ring does not have, or older than the max age, are left out.
     */
    int restore(List<TreeFile.Saved> trees, long[] writes) {
        long nowMillis = clock.millis();
        long nowNanos = clock.nanos();
        int restored = 0;
        synchronized (cache) {
            for (TreeFile.Saved t : trees) {
                long ageMillis = Math.max(0, nowMillis - t.builtMillis());
                if (t.scope().partition() >= writes.length || ageMillis >= maxAgeNanos / 1_000_000) {
                    continue;
                }
                cache.put(
                        t.scope(),
                        new Cached(
                                t.tree(),
                                writes[t.scope().partition()],
                                nowNanos - ageMillis * 1_000_000,
                                t.purgeBoundary(),
                                t.builtMillis()));
                restored++;
            }
            while (cache.size() > CACHED_TREES) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return restored;
    }
}
