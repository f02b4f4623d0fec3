package io.ringkv.replica;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.ObjectCodec;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.protocol.KeyPage;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.ring.Partitioner;
import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.KeyValue;
import io.ringkv.storage.KeyValueIterator;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's replica of every key it holds: versioned objects in the storage engine. Applies a
 * client write as its coordinating replica (a new dot), merges versions other replicas send, and
 * lists a bucket's keys. A key's read-modify-write is atomic on this node.
 */
public final class ReplicaStore {
    /** The object cache's default bound. */
    public static final long DEFAULT_OBJECT_CACHE_BYTES = 32L << 20;

    private static final System.Logger LOG = System.getLogger(ReplicaStore.class.getName());

    private final StorageEngine engine;
    private final BucketCatalog catalog;
    private final Partitioner partitioner;
    /** The name this store's dots carry: the node and its incarnation (see {@link NodeIncarnation}). */
    private volatile String actor;

    private final Hlc hlc;
    private final Clock clock;
    private final ReplicaLimits limits;
    private final KeyLocks locks = new KeyLocks(1024);
    /** Writes per partition since the store opened: a cached digest of a partition is current while its count is. */
    private final AtomicLongArray partitionWrites;

    private final ObjectCache objects;
    private final Metrics.Counter siblingWarnings;
    private final Metrics.Counter sizeWarnings;
    private final Metrics.Counter refusedSiblings;
    private final Metrics.Counter refusedSize;
    private final Metrics.Counter mergesOverLimit;
    private final Metrics.Counter purgedVersions;
    private volatile PurgeHorizons horizons = PurgeHorizons.NEVER;
    private final Metrics.Counter replays;

    public ReplicaStore(
            StorageEngine engine,
            BucketCatalog catalog,
            Partitioner partitioner,
            String actor,
            Hlc hlc,
            Clock clock,
            ReplicaLimits limits,
            Metrics metrics) {
        this(engine, catalog, partitioner, actor, hlc, clock, limits, DEFAULT_OBJECT_CACHE_BYTES, metrics);
    }

    /**
     * @param actor the name of the dots this replica issues: {@link NodeIncarnation#actor()} in a
     *     node, whose data directory may lose writes; never the name of another node's or another
     *     incarnation's dots
     * @param objectCacheBytes the bound on the decoded objects kept for reads (see {@link
     *     ObjectCache}); 0 for none
     */
    public ReplicaStore(
            StorageEngine engine,
            BucketCatalog catalog,
            Partitioner partitioner,
            String actor,
            Hlc hlc,
            Clock clock,
            ReplicaLimits limits,
            long objectCacheBytes,
            Metrics metrics) {
        this.objects = new ObjectCache(objectCacheBytes, metrics);
        this.engine = engine;
        this.catalog = catalog;
        this.partitioner = partitioner;
        this.actor = actor;
        this.hlc = hlc;
        this.clock = clock;
        this.limits = limits;
        this.partitionWrites = new AtomicLongArray(partitioner.partitions());
        this.siblingWarnings = metrics.counter("ringkv.replica.sibling.warnings");
        this.sizeWarnings = metrics.counter("ringkv.replica.object.size.warnings");
        this.refusedSiblings = metrics.counter("ringkv.replica.writes.refused", "reason", "too-many-siblings");
        this.refusedSize = metrics.counter("ringkv.replica.writes.refused", "reason", "object-too-large");
        this.mergesOverLimit = metrics.counter("ringkv.replica.merges.over.limit");
        this.purgedVersions = metrics.counter("ringkv.replica.merges.purged.versions");
        this.replays = metrics.counter("ringkv.replica.writes.repeated");
    }

    public BucketCatalog catalog() {
        return catalog;
    }

    /** Sets the horizons before which merged versions count as purged (none by default). */
    public void purgeHorizons(PurgeHorizons horizons) {
        this.horizons = horizons;
    }

    /** The live versions of a key ({@link VersionedObject#ABSENT} if it was never written). */
    public VersionedObject get(String bucket, byte[] key) throws IOException {
        return read(storageKey(bucket, key)).liveAt(clock.millis());
    }

    /**
     * Applies a client write with this node as the coordinating replica.
     *
     * @return the key's versions after the write, expired ones left out
     * @throws WriteRefusedException when a precondition or a limit refuses it; nothing is stored
     */
    public VersionedObject put(String bucket, byte[] key, WriteRequest request)
            throws IOException, WriteRefusedException {
        byte[] storageKey = storageKey(bucket, key);
        catalog.ensureKnown(bucket);
        ReentrantLock lock = locks.lockFor(storageKey);
        lock.lock();
        try {
            long now = clock.millis();
            VersionedObject current = read(storageKey).liveAt(now);
            if (isReplay(current, request)) {
                // The same write arrived again (a transport retry, a coordinator trying the next
                // replica, a client retrying with its idempotency key): applying it twice would store
                // the one write as two siblings under two dots. What its context saw is still
                // superseded (a no-op for a true repeat), so a client that writes an equal value to
                // resolve siblings still resolves them.
                replays.increment();
                if (request.seen() == null) {
                    return current;
                }
                VersionedObject resolved = supersede(current, request.seen(), request.seenWriteIds());
                if (!resolved.equals(current)) {
                    store(storageKey, resolved, bucket, key);
                }
                return resolved;
            }
            if (request.ifAbsent() && !current.isDeleted()) {
                throw new WriteRefusedException(
                        WriteRefusedException.Reason.KEY_EXISTS,
                        "the key already has a value and If-None-Match: * was given");
            }
            if (request.seen() != null && !request.seenWriteIds().isEmpty()) {
                // The client was given these writes, possibly under other dots than the ones held
                // here (a write that a coordinator retry stored under two dots): they are replaced
                // like the versions the context covers. Their dots stay in the context, so a merge
                // elsewhere drops them too.
                current = withoutWrites(current, request.seenWriteIds());
            }
            VersionVector seen = request.seen() == null ? current.context() : request.seen();
            if (current.isDeleted() && !request.content().deleted()) {
                // Every version here is a deletion, so a read answers 404: a value written now
                // replaces those deletions instead of becoming their sibling.
                seen = seen.join(current.context());
            }
            for (var s : current.siblings()) {
                hlc.observe(s.timestamp()); // a write is always later than what it replaces
            }
            long timestamp = hlc.now();
            // The timestamp doubles as the dot counter's floor: it only grows, so a dot is never
            // handed out twice for a key, even after its object expired and lost its context.
            VersionedObject updated = current.update(
                    actor, seen, request.content(), timestamp, request.resolution(), timestamp, request.writeId());
            store(storageKey, updated, bucket, key);
            return updated;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Merges versions another replica holds into this one's. Never refused for the sibling or size
     * limits (see {@link #storeMerged}).
     *
     * @return the key's versions after the merge
     */
    public VersionedObject merge(String bucket, byte[] key, VersionedObject incoming, ConflictResolution resolution)
            throws IOException {
        byte[] storageKey = storageKey(bucket, key);
        catalog.ensureKnown(bucket);
        for (var s : incoming.siblings()) {
            hlc.observe(s.timestamp());
        }
        ReentrantLock lock = locks.lockFor(storageKey);
        lock.lock();
        try {
            VersionedObject current = read(storageKey);
            VersionedObject accepted =
                    withoutPurged(incoming, current, horizons.horizonMillis(StorageKeys.partitionOf(storageKey)));
            VersionedObject merged = current.merge(accepted, resolution).liveAt(clock.millis());
            if (merged.isEmpty()) {
                // Nothing live is left. Stored, an object without versions would never expire
                // (see VersionedObject#expiresAtMillis), so the key is deleted instead.
                if (!current.equals(VersionedObject.ABSENT)) {
                    engine.delete(storageKey);
                    objects.written(storageKey, VersionedObject.ABSENT);
                    wrote(storageKey);
                }
            } else if (!merged.equals(current)) {
                storeMerged(storageKey, merged, bucket, key);
            }
            return merged;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code incoming} without the versions older than the purge horizon that {@code current} does not
     * hold: each was here already or superseded by one here, whose deletion may have been purged.
     * The context is kept: it only says what was seen.
     */
    private VersionedObject withoutPurged(VersionedObject incoming, VersionedObject current, long horizon) {
        if (horizon == PurgeHorizons.NONE) {
            return incoming;
        }
        List<Sibling> kept = new ArrayList<>(incoming.siblings().size());
        for (Sibling s : incoming.siblings()) {
            if (Hlc.physicalMillis(s.timestamp()) >= horizon || holds(current, s)) {
                kept.add(s);
            }
        }
        if (kept.size() == incoming.siblings().size()) {
            return incoming;
        }
        purgedVersions.increment(incoming.siblings().size() - kept.size());
        return new VersionedObject(incoming.context(), kept);
    }

    private static boolean holds(VersionedObject object, Sibling sibling) {
        for (Sibling s : object.siblings()) {
            if (s.dot().equals(sibling.dot())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Up to {@code limit} live keys of {@code bucket} after {@code after} (from the start when null),
     * across every partition this node stores. At most {@code 10 * limit} stored objects are examined
     * per page, so a page over many deleted keys may hold fewer keys than asked and still have a next
     * page. This node's keys only: a cluster-wide listing goes through the coordinator.
     *
     * @throws EncodingException when the cursor names a partition beyond the ring
     */
    public KeyPage listKeys(String bucket, KeyCursor after, int limit) throws IOException, EncodingException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (after != null && after.partition() >= partitioner.partitions()) {
            throw new EncodingException(
                    "cursor names partition " + after.partition() + " of a ring with " + partitioner.partitions());
        }
        List<byte[]> keys = new ArrayList<>();
        long[] budget = {10L * limit};
        for (int p = after == null ? 0 : after.partition(); p < partitioner.partitions(); p++) {
            byte[] from = after != null && p == after.partition() ? after.key() : null;
            byte[] resume = scanPartition(bucket, p, from, limit, budget, keys);
            if (resume != null) {
                return new KeyPage(keys, new KeyCursor(p, resume));
            }
        }
        return new KeyPage(keys, null);
    }

    /**
     * Up to {@code limit} live keys of {@code bucket} in {@code partition} after {@code afterKey}
     * (from the partition's first key when empty), in key order: one partition's part of a
     * cluster-wide listing. At most {@code 10 * limit} stored objects are examined; the page's next
     * cursor, in the same partition, is null when the partition holds nothing more.
     *
     * @throws IllegalArgumentException when the partition is not one of the ring's or the limit not
     *     positive
     */
    public KeyPage listPartitionKeys(String bucket, int partition, byte[] afterKey, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (partition < 0 || partition >= partitioner.partitions()) {
            throw new IllegalArgumentException(
                    "partition " + partition + " is not one of a ring of " + partitioner.partitions());
        }
        List<byte[]> keys = new ArrayList<>();
        byte[] resume = scanPartition(
                bucket, partition, afterKey.length == 0 ? null : afterKey, limit, new long[] {10L * limit}, keys);
        return new KeyPage(keys, resume == null ? null : new KeyCursor(partition, resume));
    }

    /**
     * Adds the live keys of {@code bucket} in {@code partition} after {@code afterKey} (null: from
     * the first) to {@code keys} until it holds {@code limit} or {@code budget[0]} stored objects were
     * examined. Returns the key to resume after when it stopped early, null when the partition is
     * done.
     */
    private byte[] scanPartition(
            String bucket, int partition, byte[] afterKey, int limit, long[] budget, List<byte[]> keys)
            throws IOException {
        long now = clock.millis();
        byte[] prefix = StorageKeys.bucketPrefix(partition, bucket);
        byte[] from =
                afterKey != null ? StorageKeys.successor(StorageKeys.object(partition, bucket, afterKey)) : prefix;
        try (KeyValueIterator it = engine.scan(from, StorageKeys.prefixEnd(prefix))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                byte[] key = StorageKeys.clientKey(kv.key(), prefix.length);
                budget[0]--;
                if (!decode(kv.key(), kv.value()).liveAt(now).isDeleted()) {
                    keys.add(key);
                }
                if (keys.size() == limit || budget[0] == 0) {
                    return key;
                }
            }
        }
        return null;
    }

    /**
     * {@code current} without the versions {@code seen} covers or that carry one of {@code
     * seenWriteIds}, its context joined with {@code seen}.
     */
    private static VersionedObject supersede(VersionedObject current, VersionVector seen, Set<WriteId> seenWriteIds) {
        List<Sibling> kept = new ArrayList<>(current.siblings().size());
        for (Sibling s : current.siblings()) {
            if (!seen.covers(s.dot()) && (s.writeId() == null || !seenWriteIds.contains(s.writeId()))) {
                kept.add(s);
            }
        }
        return new VersionedObject(current.context().join(seen), kept);
    }

    /** {@code current} without the versions of the writes {@code writeIds}; their dots stay covered. */
    private static VersionedObject withoutWrites(VersionedObject current, Set<WriteId> writeIds) {
        List<Sibling> kept = new ArrayList<>(current.siblings().size());
        VersionVector context = current.context();
        for (Sibling s : current.siblings()) {
            if (s.writeId() != null && writeIds.contains(s.writeId())) {
                context = context.with(s.dot());
            } else {
                kept.add(s);
            }
        }
        return kept.size() == current.siblings().size() ? current : new VersionedObject(context, kept);
    }

    /**
     * Whether this replica already holds this write. With a write id: some sibling carries it,
     * whichever replica issued that sibling's dot (the write may have reached this replica by
     * replication after another attempt), and the request's context has not seen that sibling. Without one (a request from a node of an earlier
     * version): it holds a version it issued itself with the same value that the request's context
     * has not seen; a different client writing the same value concurrently is folded into that
     * version too, nothing is lost, the bytes are the same; deletions are left alone, a repeated one
     * only adds a tombstone.
     */
    private boolean isReplay(VersionedObject current, WriteRequest request) {
        if (request.writeId() != null) {
            for (var s : current.siblings()) {
                // A context that saw the version is not a repeat of the write that made it (a client
                // reusing its idempotency key for its next write): that one replaces the version.
                if (request.writeId().equals(s.writeId())
                        && (request.seen() == null
                                || !(request.seen().covers(s.dot())
                                        || request.seenWriteIds().contains(s.writeId())))) {
                    return true;
                }
            }
            return false;
        }
        if (request.seen() == null || request.content().deleted()) {
            return false;
        }
        for (var s : current.siblings()) {
            if (s.dot().node().equals(actor)
                    && !request.seen().covers(s.dot())
                    && s.content().equals(request.content())) {
                return true;
            }
        }
        return false;
    }

    private void store(byte[] storageKey, VersionedObject object, String bucket, byte[] key)
            throws IOException, WriteRefusedException {
        int siblings = object.siblings().size();
        byte[] encoded = ObjectCodec.encode(object);
        checkLimits(siblings, encoded.length);
        warnAndWrite(storageKey, object, encoded, bucket, key);
    }

    /** The sibling and size limits a client's write must keep; throws when it would not. */
    private void checkLimits(int siblings, int encodedBytes) throws WriteRefusedException {
        if (siblings > limits.siblingsMax()) {
            refusedSiblings.increment();
            throw new WriteRefusedException(
                    WriteRefusedException.Reason.TOO_MANY_SIBLINGS,
                    "the write would leave " + siblings + " siblings, above the limit of " + limits.siblingsMax()
                            + "; read the key and write with its context to resolve them");
        }
        if (encodedBytes > limits.objectMaxBytes()) {
            refusedSize.increment();
            throw new WriteRefusedException(
                    WriteRefusedException.Reason.OBJECT_TOO_LARGE,
                    "the write would make the stored object " + encodedBytes + " bytes, above the limit of "
                            + limits.objectMaxBytes() + "; resolve its siblings");
        }
    }

    /**
     * Versions another replica holds are stored whatever the client-facing limits say: refusing them
     * would leave the replicas apart for good and stall the hint or repair queue behind them. Past a
     * limit the merge is counted and logged; the next client write of the key is refused until its
     * siblings are resolved (a write with the read's context).
     */
    private void storeMerged(byte[] storageKey, VersionedObject object, String bucket, byte[] key) throws IOException {
        int siblings = object.siblings().size();
        byte[] encoded = ObjectCodec.encode(object);
        if (siblings > limits.siblingsMax() || encoded.length > limits.objectMaxBytes()) {
            mergesOverLimit.increment();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0}/{1}: merged versions from another replica kept past the limits ({2} siblings, {3}" + " bytes)",
                    bucket,
                    printable(key),
                    siblings,
                    encoded.length);
        }
        warnAndWrite(storageKey, object, encoded, bucket, key);
    }

    private void warnAndWrite(byte[] storageKey, VersionedObject object, byte[] encoded, String bucket, byte[] key)
            throws IOException {
        int siblings = object.siblings().size();
        if (siblings > limits.siblingsWarn()) {
            siblingWarnings.increment();
            LOG.log(System.Logger.Level.WARNING, "{0}/{1} has {2} siblings", bucket, printable(key), siblings);
        }
        if (encoded.length > limits.objectWarnBytes()) {
            sizeWarnings.increment();
            LOG.log(System.Logger.Level.WARNING, "{0}/{1} is {2} bytes", bucket, printable(key), encoded.length);
        }
        engine.put(storageKey, encoded, object.expiresAtMillis());
        objects.written(storageKey, object);
        wrote(storageKey);
    }

    private void wrote(byte[] storageKey) {
        partitionWrites.incrementAndGet(StorageKeys.partitionOf(storageKey));
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    /**
     * How many times this store has written an object of {@code partition} since it opened. A digest
     * computed from a scan is current for as long as this count has not moved (and no version has
     * expired since).
     */
    public long partitionWrites(int partition) {
        return partitionWrites.get(partition);
    }

    /** What {@link #scanPartition} hands each stored object to. */
    @FunctionalInterface
    public interface ObjectVisitor {
        void visit(String bucket, byte[] key, VersionedObject object) throws IOException;
    }

    /**
     * Visits every object of {@code partition} in storage-key order (bucket, then key), its expired
     * versions left out. An object with no live version left is visited too (with its context);
     * the caller decides what it counts for. Writes made during the scan may or may not be seen.
     */
    public void scanPartition(int partition, ObjectVisitor visitor) throws IOException {
        byte[] prefix = StorageKeys.partitionPrefix(partition);
        long now = clock.millis();
        String bucket = null;
        byte[] bucketBytes = new byte[0];
        try (KeyValueIterator it = engine.scan(prefix, StorageKeys.prefixEnd(prefix))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                byte[] storageKey = kv.key();
                int length = storageKey[3] & 0xff;
                if (bucket == null || !StorageKeys.sameBucket(storageKey, bucketBytes)) {
                    bucketBytes = Arrays.copyOfRange(storageKey, 4, 4 + length);
                    bucket = new String(bucketBytes, StandardCharsets.UTF_8);
                }
                visitor.visit(
                        bucket,
                        StorageKeys.clientKey(storageKey, 4 + length),
                        decode(storageKey, kv.value()).liveAt(now));
            }
        }
    }

    /** What {@link #scanStored} hands each stored object to; answers whether to go on. */
    @FunctionalInterface
    public interface StoredVisitor {
        boolean visit(byte[] storageKey, byte[] encoded) throws IOException;
    }

    /**
     * Visits the stored objects of {@code partition} after the storage key {@code after} (from the
     * partition's start when null), in storage-key order, as the engine holds them: storage key and
     * encoded object, undecoded. Stops when the visitor answers false.
     */
    public void scanStored(int partition, byte[] after, StoredVisitor visitor) throws IOException {
        byte[] prefix = StorageKeys.partitionPrefix(partition);
        byte[] from = after == null ? prefix : StorageKeys.successor(after);
        try (KeyValueIterator it = engine.scan(from, StorageKeys.prefixEnd(prefix))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                if (!visitor.visit(kv.key(), kv.value())) {
                    return;
                }
            }
        }
    }

    /**
     * From now on, issues dots under {@code next}: a name under which no dot was ever issued (a
     * renewed {@link NodeIncarnation}), for when this node is about to lose part of its own dots'
     * history (see {@link NodeIncarnation#renew}).
     */
    public void renewActor(String next) {
        actor = next;
    }

    /** The name of the dots this store issues now. */
    public String actor() {
        return actor;
    }

    /**
     * Merges versions of the object stored under {@code storageKey} on another node (see {@link
     * #merge}), with its bucket's conflict resolution.
     *
     * @throws EncodingException when {@code storageKey} is not an object key of this store's ring
     */
    public VersionedObject mergeStored(byte[] storageKey, VersionedObject incoming)
            throws IOException, EncodingException {
        if (!StorageKeys.isObject(storageKey) || storageKey.length < 4 + (storageKey[3] & 0xff)) {
            throw new EncodingException("not an object storage key");
        }
        int length = storageKey[3] & 0xff;
        String bucket = new String(storageKey, 4, length, StandardCharsets.UTF_8);
        byte[] key = StorageKeys.clientKey(storageKey, 4 + length);
        if (!Arrays.equals(storageKey(bucket, key), storageKey)) {
            throw new EncodingException("storage key of partition " + StorageKeys.partitionOf(storageKey)
                    + " is not where this ring places " + bucket + "/" + printable(key));
        }
        return merge(bucket, key, incoming, catalog.props(bucket).conflictResolution());
    }

    /**
     * Deletes the stored objects under {@code storageKeys} from the engine, in one write: the
     * engine's own deletes, not client tombstones (a partition this node no longer replicates).
     */
    public void deleteStored(List<byte[]> storageKeys) throws IOException {
        if (storageKeys.isEmpty()) {
            return;
        }
        WriteBatch batch = new WriteBatch();
        for (byte[] k : storageKeys) {
            batch.delete(k);
        }
        engine.write(batch);
        for (byte[] k : storageKeys) {
            ReentrantLock lock = locks.lockFor(k);
            lock.lock();
            try {
                objects.written(k, VersionedObject.ABSENT);
            } finally {
                lock.unlock();
            }
            wrote(k);
        }
    }

    /** The stored object, as the engine holds it: from the object cache when it has the key. */
    private VersionedObject read(byte[] storageKey) throws IOException {
        VersionedObject cached = objects.get(storageKey);
        if (cached != null) {
            // The engine reads an object as absent once its expiry has passed; so does the cache.
            long expiresAt = cached.expiresAtMillis();
            return expiresAt != Content.NO_EXPIRY && clock.millis() >= expiresAt ? VersionedObject.ABSENT : cached;
        }
        long generation = objects.generation(storageKey);
        byte[] stored = engine.get(storageKey);
        VersionedObject object = stored == null ? VersionedObject.ABSENT : decode(storageKey, stored);
        objects.offer(storageKey, generation, object);
        return object;
    }

    private static VersionedObject decode(byte[] storageKey, byte[] stored) throws CorruptionException {
        try {
            return ObjectCodec.decode(stored);
        } catch (EncodingException e) {
            throw new CorruptionException("stored object " + printable(storageKey) + ": " + e.getMessage());
        }
    }

    private byte[] storageKey(String bucket, byte[] key) {
        return StorageKeys.object(partitioner.partitionOf(bucket, key), bucket, key);
    }

    private static String printable(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
