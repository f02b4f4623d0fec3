package io.ringkv.storage.sstable;

import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryIterator;
import io.ringkv.storage.Keys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads one table file. Opening reads the footer, meta, index and bloom filter into memory; data
 * blocks are read on demand through the shared {@link BlockCache}. Safe for concurrent readers.
 */
public final class TableReader implements AutoCloseable {
    private final FileIO.ReadableFile file;
    private final Path path;
    private final long tableId;
    private final BlockCache cache;
    private final TableInfo info;
    private final Index index;
    private final BloomFilter bloom;
    private final byte[] smallestKey;
    private final byte[] largestKey;
    private final Metrics.Counter bloomNegatives;
    private final Metrics.Counter bloomFalsePositives;
    private final Metrics.Counter cacheHits;
    private final Metrics.Counter cacheMisses;

    private TableReader(
            FileIO.ReadableFile file,
            Path path,
            long tableId,
            BlockCache cache,
            Metrics metrics,
            TableInfo info,
            Index index,
            BloomFilter bloom) {
        this.file = file;
        this.path = path;
        this.tableId = tableId;
        this.cache = cache;
        this.info = info;
        this.index = index;
        this.bloom = bloom;
        this.smallestKey = info.smallestKey();
        this.largestKey = info.largestKey();
        this.bloomNegatives = metrics.counter("ringkv.storage.bloom.negatives");
        this.bloomFalsePositives = metrics.counter("ringkv.storage.bloom.false_positives");
        this.cacheHits = metrics.counter("ringkv.storage.block_cache.hits");
        this.cacheMisses = metrics.counter("ringkv.storage.block_cache.misses");
    }

    /**
     * Opens the table at {@code path}.
     *
     * @param tableId identifies the table's blocks in {@code cache}; unique among open tables
     * @throws CorruptionException if the footer, meta, index or filter does not verify
     */
    public static TableReader open(FileIO io, Path path, long tableId, BlockCache cache, Metrics metrics)
            throws IOException {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(metrics, "metrics");
        FileIO.ReadableFile file = io.openForRead(path);
        try {
            long fileSize = file.size();
            if (fileSize < Footer.SIZE) {
                throw new CorruptionException(path + ": " + fileSize + " bytes is too short for a table footer");
            }
            Footer footer = Footer.decode(read(file, fileSize - Footer.SIZE, Footer.SIZE), fileSize, path.toString());
            BloomFilter bloom;
            TableMeta meta;
            Index index;
            try {
                bloom = BloomFilter.decode(readBlock(file, path, footer.filter()));
                meta = TableMeta.decode(readBlock(file, path, footer.meta()));
                index = Index.decode(readBlock(file, path, footer.index()));
            } catch (CorruptionException e) {
                throw new CorruptionException(path + ": " + e.getMessage(), e);
            }
            checkConsistent(path, footer, meta, index);
            return new TableReader(file, path, tableId, cache, metrics, TableInfo.of(meta, fileSize), index, bloom);
        } catch (IOException | RuntimeException e) {
            try {
                file.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public TableInfo info() {
        return info;
    }

    public Path path() {
        return path;
    }

    public long tableId() {
        return tableId;
    }

    /** False when {@code key} is certainly not in the table (outside its key range, or ruled out by the bloom filter). */
    public boolean mayContain(byte[] key) {
        return inKeyRange(key) && bloom.mayContain(key);
    }

    /** The table's entry for {@code key}, or null. */
    public Entry get(byte[] key) throws IOException {
        if (!inKeyRange(key)) {
            return null;
        }
        if (!bloom.mayContain(key)) {
            bloomNegatives.increment();
            return null;
        }
        // The key is at most the largest key, which is the last block's last key, so a block exists.
        Entry entry = dataBlock(index.findBlock(key), /* fillCache= */ true).get(key);
        if (entry == null) {
            bloomFalsePositives.increment();
        }
        return entry;
    }

    /**
     * The entries with keys in [{@code fromInclusive}, {@code toExclusive}) in key order; a null
     * bound is open. With {@code fillCache} false, blocks read from disk are not added to the cache.
     */
    public EntryIterator iterator(byte[] fromInclusive, byte[] toExclusive, boolean fillCache) {
        return new TableIterator(fromInclusive, toExclusive, fillCache);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private boolean inKeyRange(byte[] key) {
        return info.entryCount() > 0 && Keys.compare(key, smallestKey) >= 0 && Keys.compare(key, largestKey) <= 0;
    }

    private Block dataBlock(int block, boolean fillCache) throws IOException {
        long offset = index.offset(block);
        Block cached = cache.get(tableId, offset);
        if (cached != null) {
            cacheHits.increment();
            return cached;
        }
        cacheMisses.increment();
        Block decoded;
        try {
            decoded = Block.decode(readBlock(file, path, index.handle(block)));
        } catch (CorruptionException e) {
            throw new CorruptionException(
                    path + ": data block " + block + " at offset " + offset + ": " + e.getMessage(), e);
        }
        if (fillCache) {
            cache.put(tableId, offset, decoded);
        }
        return decoded;
    }

    private static void checkConsistent(Path path, Footer footer, TableMeta meta, Index index)
            throws CorruptionException {
        if (index.dataEnd() != footer.filter().offset()) {
            throw new CorruptionException(path + ": data blocks end at " + index.dataEnd()
                    + " but the filter block starts at " + footer.filter().offset());
        }
        boolean empty = meta.entryCount() == 0;
        if (empty != (index.blockCount() == 0)
                || (!empty && !Arrays.equals(index.lastKey(index.blockCount() - 1), meta.largestKey()))) {
            throw new CorruptionException(
                    path + ": index of " + index.blockCount() + " blocks disagrees with meta " + meta);
        }
    }

    private static byte[] readBlock(FileIO.ReadableFile file, Path path, BlockHandle handle) throws IOException {
        return BlockCodec.decode(read(file, handle.offset(), handle.size()), path.toString(), handle.offset());
    }

    private static byte[] read(FileIO.ReadableFile file, long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        file.readFully(position, ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** Walks the blocks that may hold keys in range, one decoded block at a time. */
    private final class TableIterator implements EntryIterator {
        private final byte[] from;
        private final byte[] to;
        private final boolean fillCache;
        private int blockIndex;
        private Block block;
        private int position;
        private boolean done;

        TableIterator(byte[] from, byte[] to, boolean fillCache) {
            this.from = from;
            this.to = to;
            this.fillCache = fillCache;
            this.blockIndex = from == null ? 0 : index.findBlock(from);
            this.done = blockIndex < 0
                    || blockIndex >= index.blockCount()
                    || (from != null && to != null && Keys.compare(from, to) >= 0);
        }

        @Override
        public Entry next() throws IOException {
            while (!done) {
                if (block == null) {
                    block = dataBlock(blockIndex, fillCache);
                    // Only the first block can start before the lower bound.
                    position = from == null ? 0 : block.seek(from);
                }
                if (position < block.size()) {
                    Entry entry = block.entryAt(position++);
                    if (to != null && Keys.compare(entry.key(), to) >= 0) {
                        done = true;
                        return null;
                    }
                    return entry;
                }
                block = null;
                done = ++blockIndex >= index.blockCount();
            }
            return null;
        }

        @Override
        public void close() {
            done = true;
            block = null;
        }
    }
}
