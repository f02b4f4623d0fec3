package io.ringkv.replica;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Metrics;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * Decoded objects of recently read and written keys, by storage key, bounded in bytes: a read that
 * finds its key here skips the engine (memtable, bloom filters, blocks) and the object's decoding.
 *
 * <p>Only {@link ReplicaStore} writes the objects, under the key's lock, and it tells this cache
 * each time ({@link #written}), after the engine write. A read that missed loads the object from the
 * engine and offers it ({@link #offer}) with the write generation of the key's stripe that it saw
 * before reading: the offer is taken only if no write to that stripe happened since, so a read that
 * raced a write never leaves the older object behind, whatever the cache evicted meanwhile.
 * Caffeine's maintenance runs on the calling threads (no executor of its own, no clock).
 */
final class ObjectCache {
    private static final int STRIPES = 1024;
    /** Bytes an entry costs beyond its values: key, siblings, context, map entry. */
    private static final int OVERHEAD = 160;

    private final @Nullable Cache<Key, VersionedObject> cache;
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final Metrics.Counter hits;
    private final Metrics.Counter misses;

    /** @param capacityBytes the bound on what the cached objects weigh; 0 for no cache */
    ObjectCache(long capacityBytes, Metrics metrics) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("the object cache size must be at least 0, was " + capacityBytes);
        }
        this.cache = capacityBytes == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumWeight(capacityBytes)
                        .weigher((Key key, VersionedObject object) -> weight(key, object))
                        .executor(Runnable::run)
                        .build();
        this.hits = metrics.counter("ringkv.replica.object.cache", "result", "hit");
        this.misses = metrics.counter("ringkv.replica.object.cache", "result", "miss");
    }

    /** The cached object of the key, or null; counts a hit or a miss. */
    @Nullable
    VersionedObject get(byte[] storageKey) {
        if (cache == null) {
            return null;
        }
        VersionedObject object = cache.getIfPresent(new Key(storageKey));
        (object == null ? misses : hits).increment();
        return object;
    }

    /** The stripe's write generation, to be read before the engine read whose result is offered. */
    long generation(byte[] storageKey) {
        return generations.get(stripe(storageKey));
    }

    /**
     * Offers an object read from the engine; kept only when no write to the key's stripe happened
     * since {@code generation} was read, and none is cached already.
     */
    void offer(byte[] storageKey, long generation, VersionedObject object) {
        if (cache == null) {
            return;
        }
        int stripe = stripe(storageKey);
        cache.asMap().compute(new Key(storageKey), (key, cached) -> {
            if (cached != null || generations.get(stripe) != generation) {
                return cached;
            }
            return object;
        });
    }

    /** The key now holds {@code object} in the engine (ABSENT once deleted); under the key's lock. */
    void written(byte[] storageKey, VersionedObject object) {
        generations.incrementAndGet(stripe(storageKey));
        if (cache != null) {
            cache.put(new Key(storageKey), object);
        }
    }

    /** Drops the key's object, as an eviction would. */
    void forget(byte[] storageKey) {
        if (cache != null) {
            cache.invalidate(new Key(storageKey));
        }
    }

    private static int stripe(byte[] storageKey) {
        return Math.floorMod(Arrays.hashCode(storageKey), STRIPES);
    }

    private static int weight(Key key, VersionedObject object) {
        long bytes = OVERHEAD + key.bytes.length;
        for (Sibling sibling : object.siblings()) {
            bytes += sibling.content().value().length
                    + sibling.content().contentType().length()
                    + 48;
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** A storage key with content equality. */
    private static final class Key {
        final byte[] bytes;
        final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
