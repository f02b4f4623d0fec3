package io.ringkv.storage.commitlog;

import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** The open segment of a commit log: its header already durable, records appended after it. */
final class SegmentWriter {
    private final long id;
    private final Path path;
    private final FileIO.WritableFile file;

    private SegmentWriter(long id, Path path, FileIO.WritableFile file) {
        this.id = id;
        this.path = path;
        this.file = file;
    }

    /**
     * Creates segment {@code id} and makes its header and its directory entry durable, so that a
     * record acknowledged in it cannot vanish with a file the directory forgot.
     */
    static SegmentWriter create(FileIO io, Path dir, long id) throws IOException {
        Path path = SegmentNames.path(dir, id);
        FileIO.WritableFile file = io.create(path);
        try {
            file.append(ByteBuffer.wrap(SegmentHeader.encode(id)));
            file.force();
            io.forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            try {
                file.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new SegmentWriter(id, path, file);
    }

    long id() {
        return id;
    }

    Path path() {
        return path;
    }

    void write(RecordBuffer records) throws IOException {
        file.append(records.contents());
    }

    void force() throws IOException {
        file.force();
    }

    void close() throws IOException {
        file.close();
    }
}
