package io.ringkv.storage;

import io.ringkv.port.FileIO;
import io.ringkv.storage.sstable.BlockCache;
import io.ringkv.storage.sstable.TableReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A live table shared by readers: reference counted, so that a table compacted away is closed and
 * its file deleted only when the last reader that might still use it lets go.
 */
final class TableHandle {
    private final long number;
    private final Path path;
    private final TableReader reader;
    private final FileIO io;
    private final BlockCache cache;
    private final Consumer<IOException> onReleaseFailure;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean obsolete;

    TableHandle(
            long number,
            Path path,
            TableReader reader,
            FileIO io,
            BlockCache cache,
            Consumer<IOException> onReleaseFailure) {
        this.number = number;
        this.path = path;
        this.reader = reader;
        this.io = io;
        this.cache = cache;
        this.onReleaseFailure = onReleaseFailure;
    }

    long number() {
        return number;
    }

    TableReader reader() {
        return reader;
    }

    long fileSize() {
        return reader.info().fileSize();
    }

    void retain() {
        int before = references.getAndIncrement();
        if (before <= 0) {
            throw new IllegalStateException("table " + number + " retained after it was released");
        }
    }

    /** Marks the table for deletion once unreferenced (it has been compacted into another). */
    void markObsolete() {
        obsolete = true;
    }

    void release() {
        int after = references.decrementAndGet();
        if (after == 0) {
            try {
                reader.close();
                if (obsolete) {
                    cache.evictTable(number);
                    io.delete(path);
                }
            } catch (IOException e) {
                onReleaseFailure.accept(e);
            }
        } else if (after < 0) {
            throw new IllegalStateException("table " + number + " released more often than retained");
        }
    }
}
