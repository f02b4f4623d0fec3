package io.ringkv.handoff;

import io.ringkv.kv.EncodingException;
import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the hints of one file in order. A damaged record (a length past the end, a checksum that
 * does not match, a payload that does not decode) ends the file: it is the unforced tail of a
 * crash, or damage that anti-entropy will repair, and is counted as dropped.
 */
final class HintFileReader implements AutoCloseable {
    private final FileIO.ReadableFile file;
    private final long size;
    private long position;
    private boolean damaged;

    HintFileReader(FileIO io, Path path) throws IOException {
        this.file = io.openForRead(path);
        this.size = file.size();
    }

    /** The next hint, or null at the end of the file or at the first damaged record. */
    Hint next() throws IOException {
        if (damaged || size - position < HintFormat.HEADER_BYTES) {
            damaged |= position != size;
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HintFormat.HEADER_BYTES);
        file.readFully(position, header);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 1 || length > HintFormat.MAX_PAYLOAD || length > size - position - HintFormat.HEADER_BYTES) {
            damaged = true;
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        file.readFully(position + HintFormat.HEADER_BYTES, payload);
        byte[] bytes = payload.array();
        if (!HintFormat.checksumMatches(bytes, crc)) {
            damaged = true;
            return null;
        }
        try {
            Hint hint = HintFormat.decodePayload(bytes);
            position += HintFormat.HEADER_BYTES + length;
            return hint;
        } catch (EncodingException e) {
            damaged = true;
            return null;
        }
    }

    /** Whether reading stopped at damage rather than at the end. */
    boolean damaged() {
        return damaged;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
