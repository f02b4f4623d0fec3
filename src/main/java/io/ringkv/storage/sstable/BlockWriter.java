package io.ringkv.storage.sstable;

import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Appends stored blocks to a table file through a 64 KiB buffer and hands back their handles. */
final class BlockWriter {
    static final int BUFFER_BYTES = 64 * 1024;

    private final FileIO.WritableFile file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long position;

    BlockWriter(FileIO.WritableFile file) {
        this.file = file;
        this.position = file.size();
    }

    /** Bytes written so far, buffered or not. */
    long position() {
        return position;
    }

    /** Encodes {@code raw} with {@code compression} and appends it. */
    BlockHandle writeBlock(byte[] raw, Compression compression) throws IOException {
        byte[] stored = BlockCodec.encode(raw, compression);
        BlockHandle handle = new BlockHandle(position, stored.length);
        write(stored);
        return handle;
    }

    void write(byte[] bytes) throws IOException {
        if (bytes.length > buffer.remaining()) {
            flush();
        }
        if (bytes.length >= BUFFER_BYTES) {
            // Too big to buffer: one direct append costs less than copying through the buffer.
            file.append(ByteBuffer.wrap(bytes));
        } else {
            buffer.put(bytes);
        }
        position += bytes.length;
    }

    void flush() throws IOException {
        if (buffer.position() > 0) {
            buffer.flip();
            file.append(buffer);
            buffer.clear();
        }
    }
}
