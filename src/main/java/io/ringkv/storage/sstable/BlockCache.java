package io.ringkv.storage.sstable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ringkv.port.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decoded data blocks shared by all open tables, keyed by table id and block offset and bounded by
 * their bytes. A capacity of 0 caches nothing. Safe for concurrent use.
 */
public final class BlockCache {
    /** Per-block bookkeeping charged on top of the raw bytes (the entry, the offsets array). */
    private static final int BLOCK_OVERHEAD_BYTES = 96;

    private final Cache<Key, Block> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private record Key(long tableId, long offset) {}

    /**
     * @param executor runs Caffeine's maintenance and eviction work
     * @param clock Caffeine's ticker
     */
    public BlockCache(long capacityBytes, Executor executor, Clock clock) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacityBytes must be at least 0, was " + capacityBytes);
        }
        this.cache = capacityBytes == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumWeight(capacityBytes)
                        .weigher((Key key, Block block) -> weight(block))
                        .executor(executor)
                        .ticker(clock::nanos)
                        .build();
    }

    /** The cached block, or null; counts a hit or a miss. */
    public Block get(long tableId, long offset) {
        Block block = cache == null ? null : cache.getIfPresent(new Key(tableId, offset));
        (block == null ? misses : hits).increment();
        return block;
    }

    public void put(long tableId, long offset, Block block) {
        if (cache != null) {
            cache.put(new Key(tableId, offset), block);
        }
    }

    /** Drops every block of a table, e.g. once its file is deleted. */
    public void evictTable(long tableId) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(key -> key.tableId() == tableId);
        }
    }

    public long hitCount() {
        return hits.sum();
    }

    public long missCount() {
        return misses.sum();
    }

    /** Bytes held now, as weighed; eviction may lag behind puts. */
    public long weightedSize() {
        return cache == null
                ? 0
                : cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private static int weight(Block block) {
        return block.byteSize() + 4 * block.size() + BLOCK_OVERHEAD_BYTES;
    }
}
