package io.ringkv.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file system as the storage engine needs it. Paths are names only: every operation goes
 * through this port, so a simulated implementation can decide what survives a crash (only bytes
 * that were forced, only directory entries whose directory was forced).
 */
public interface FileIO {

    /** Creates a new empty file for appending; fails if it exists. */
    WritableFile create(Path file) throws IOException;

    /** Opens an existing file for appending at its end (used after truncating a torn log tail). */
    WritableFile openForAppend(Path file) throws IOException;

    ReadableFile openForRead(Path file) throws IOException;

    /** Names (file names, not paths) of the regular files in {@code dir}, in no particular order. */
    List<String> list(Path dir) throws IOException;

    boolean exists(Path file) throws IOException;

    void createDirectories(Path dir) throws IOException;

    /** Atomically replaces {@code target} with {@code source}; durable once the directory is forced. */
    void rename(Path source, Path target) throws IOException;

    /** Removes a file if present; durable once the directory is forced. */
    void delete(Path file) throws IOException;

    /** Cuts a file to {@code length} bytes and forces the cut. */
    void truncate(Path file, long length) throws IOException;

    /** Makes creations, renames and deletions in {@code dir} durable. */
    void forceDirectory(Path dir) throws IOException;

    /** Usable bytes left on the volume holding {@code dir}. */
    long usableSpace(Path dir) throws IOException;

    /** A file written sequentially. */
    interface WritableFile extends AutoCloseable {

        /** Writes all of {@code src} at the end of the file. */
        void append(java.nio.ByteBuffer src) throws IOException;

        /** Makes everything appended so far durable. A failure here is final: see StorageEngine. */
        void force() throws IOException;

        /** Bytes appended so far, including any present when opened. */
        long size();

        @Override
        void close() throws IOException;
    }

    /** A file read at positions; safe for concurrent readers. */
    interface ReadableFile extends AutoCloseable {

        /** Reads exactly {@code dst.remaining()} bytes at {@code position}, or throws EOFException. */
        void readFully(long position, java.nio.ByteBuffer dst) throws IOException;

        long size() throws IOException;

        @Override
        void close() throws IOException;
    }
}
