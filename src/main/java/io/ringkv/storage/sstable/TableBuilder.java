package io.ringkv.storage.sstable;

import io.ringkv.port.FileIO;
import io.ringkv.storage.Entry;
import io.ringkv.storage.Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Writes one table file: entries in strictly increasing key order go into data blocks, then the
 * bloom filter, meta and index blocks and the footer follow. The file is written as {@code path +
 * ".tmp"} and renamed to {@code path} only once complete and forced, so a table file that exists
 * is whole. Not thread-safe.
 */
public final class TableBuilder {
    private static final int MAX_HEX_KEY_BYTES = 32;

    private final FileIO io;
    private final Path path;
    private final Path tempPath;
    private final int blockBytes;
    private final Compression compression;
    private final FileIO.WritableFile file;
    private final BlockWriter writer;
    private final BlockBuilder block;
    private final IndexBuilder index = new IndexBuilder();
    private final BloomFilterBuilder bloom;
    private final TableMeta.Accumulator meta = new TableMeta.Accumulator();
    private byte[] lastKey;
    private boolean closed;
    private boolean finishing;

    public TableBuilder(FileIO io, Path path, int blockBytes, Compression compression, int bloomBitsPerKey)
            throws IOException {
        if (blockBytes < 64) {
            throw new IllegalArgumentException("blockBytes must be at least 64, was " + blockBytes);
        }
        this.io = Objects.requireNonNull(io, "io");
        this.path = Objects.requireNonNull(path, "path");
        this.compression = Objects.requireNonNull(compression, "compression");
        this.blockBytes = blockBytes;
        this.bloom = new BloomFilterBuilder(bloomBitsPerKey);
        this.block = new BlockBuilder(blockBytes);
        this.tempPath = tempPath(path);
        this.file = io.create(tempPath);
        this.writer = new BlockWriter(file);
    }

    /** Where a table at {@code path} is written before it is complete. */
    public static Path tempPath(Path path) {
        return path.resolveSibling(path.getFileName() + ".tmp");
    }

    /**
     * Appends {@code entry}.
     *
     * @throws IllegalArgumentException if its key does not sort after the previous entry's key
     */
    public void add(Entry entry) throws IOException {
        ensureOpen();
        byte[] key = entry.key();
        if (lastKey != null && Keys.compare(key, lastKey) <= 0) {
            throw new IllegalArgumentException(
                    "table keys must strictly increase: " + hex(key) + " added after " + hex(lastKey) + " in " + path);
        }
        block.add(entry);
        bloom.addKey(key);
        meta.add(entry);
        lastKey = key;
        if (block.estimatedSize() >= blockBytes) {
            flushBlock();
        }
    }

    /** Bytes the file would have if finished now, roughly. */
    public long estimatedFileSize() {
        return writer.position()
                + (block.isEmpty() ? 0 : block.estimatedSize())
                + bloom.estimatedSize()
                + index.estimatedSize()
                + 256
                + Footer.SIZE;
    }

    /**
     * Writes the filter, meta and index blocks and the footer, forces the file, and renames it
     * into place durably. On failure the builder is left for {@link #abandon()}.
     */
    public TableInfo finish() throws IOException {
        ensureOpen();
        finishing = true;
        if (!block.isEmpty()) {
            flushBlock();
        }
        TableMeta tableMeta = meta.toMeta();
        BlockHandle filterHandle = writer.writeBlock(bloom.finish(), Compression.NONE);
        BlockHandle metaHandle = writer.writeBlock(tableMeta.encode(), Compression.NONE);
        BlockHandle indexHandle = writer.writeBlock(index.finish(), Compression.NONE);
        writer.write(new Footer(indexHandle, filterHandle, metaHandle).encode());
        writer.flush();
        long fileSize = writer.position();
        file.force();
        closed = true;
        file.close();
        io.rename(tempPath, path);
        Path dir = path.getParent();
        io.forceDirectory(dir != null ? dir : path.toAbsolutePath().getParent());
        return TableInfo.of(tableMeta, fileSize);
    }

    /** Closes and deletes the unfinished file; safe to call after a failed {@link #finish()}. */
    public void abandon() throws IOException {
        try {
            if (!closed) {
                closed = true;
                file.close();
            }
        } finally {
            io.delete(tempPath);
        }
    }

    private void flushBlock() throws IOException {
        byte[] raw = block.finish();
        meta.addRawBlockBytes(raw.length);
        BlockHandle handle = writer.writeBlock(raw, compression);
        index.add(block.lastKey(), handle);
        block.reset();
    }

    private void ensureOpen() {
        if (closed || finishing) {
            throw new IllegalStateException("table builder for " + path + " is finished or abandoned");
        }
    }

    /** A key for messages: hex, cut short if long. */
    static String hex(byte[] key) {
        if (key == null) {
            return "null";
        }
        if (key.length <= MAX_HEX_KEY_BYTES) {
            return "0x" + HexFormat.of().formatHex(key);
        }
        return "0x" + HexFormat.of().formatHex(key, 0, MAX_HEX_KEY_BYTES) + "...(" + key.length + " bytes)";
    }
}
