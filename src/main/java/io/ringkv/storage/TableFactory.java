package io.ringkv.storage;

import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import io.ringkv.storage.compaction.RateLimiter;
import io.ringkv.storage.sstable.BlockCache;
import io.ringkv.storage.sstable.TableBuilder;
import io.ringkv.storage.sstable.TableReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Writes tables from sorted entries and opens them as shared handles. */
final class TableFactory {
    /** Compaction asks the rate limiter for bytes in chunks of this size. */
    private static final int PACING_CHUNK = 64 * 1024;

    private final FileIO io;
    private final Path dir;
    private final StorageOptions options;
    private final BlockCache cache;
    private final Metrics metrics;
    private final Consumer<IOException> onReleaseFailure;

    TableFactory(
            FileIO io,
            Path dir,
            StorageOptions options,
            BlockCache cache,
            Metrics metrics,
            Consumer<IOException> onReleaseFailure) {
        this.io = io;
        this.dir = dir;
        this.options = options;
        this.cache = cache;
        this.metrics = metrics;
        this.onReleaseFailure = onReleaseFailure;
    }

    TableHandle open(long number) throws IOException {
        Path path = DataFiles.table(dir, number);
        if (!io.exists(path)) {
            throw new CorruptionException("the manifest lists " + path + " but the file is missing");
        }
        return new TableHandle(
                number, path, TableReader.open(io, path, number, cache, metrics), io, cache, onReleaseFailure);
    }

    /**
     * Writes the entries of {@code source}, each passed through {@code filter} (null drops it), into
     * table {@code number}; returns the opened table, or null when nothing was left to write.
     *
     * @param limiter paces the write, or null for no pacing
     * @param cancelled checked between entries; when true the table is abandoned
     */
    TableHandle write(
            long number,
            EntryIterator source,
            UnaryOperator<Entry> filter,
            RateLimiter limiter,
            BooleanSupplier cancelled)
            throws IOException {
        TableBuilder builder = new TableBuilder(
                io,
                DataFiles.table(dir, number),
                options.blockBytes(),
                options.compression(),
                options.bloomBitsPerKey());
        boolean finished = false;
        try {
            long entries = 0;
            long unpaced = 0;
            for (Entry e = source.next(); e != null; e = source.next()) {
                if (cancelled.getAsBoolean()) {
                    return null;
                }
                Entry kept = filter.apply(e);
                if (kept == null) {
                    continue;
                }
                builder.add(kept);
                entries++;
                unpaced += kept.weight();
                if (limiter != null && unpaced >= PACING_CHUNK) {
                    limiter.acquire(unpaced);
                    unpaced = 0;
                }
            }
            if (entries == 0) {
                return null;
            }
            builder.finish();
            finished = true;
            return open(number);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing table " + number);
        } finally {
            if (!finished) {
                builder.abandon();
            }
        }
    }
}
