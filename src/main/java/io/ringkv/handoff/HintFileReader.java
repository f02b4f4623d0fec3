package io.ringkv.handoff;

import io.ringkv.kv.EncodingException;
import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the hints of one file in order. A damaged record (a length past the end, a checksum that
 * does not match) ends the file: it is the unforced tail of a crash (the log writes nothing after a
 * failed append), or damage that anti-entropy will repair. A record whose checksum matches but
 * whose payload does not decode (a format this node does not read) is skipped on its own: its
 * framing is sound, so the hints behind it are still read.
 */
final class HintFileReader implements AutoCloseable {
    private final FileIO.ReadableFile file;
    private final long size;
    private long position;
    private boolean damaged;
    private int undecodable;
    private long lastStart = -1;

    HintFileReader(FileIO io, Path path) throws IOException {
        this.file = io.openForRead(path);
        this.size = file.size();
    }

    /** The next hint, or null at the end of the file or at the first damaged record. */
    Hint next() throws IOException {
        while (true) {
            Hint hint = readRecord();
            if (hint != UNDECODABLE) {
                return hint;
            }
        }
    }

    /** Marks a record skipped because its payload did not decode. */
    private static final Hint UNDECODABLE = new Hint("", new byte[0], null, null, 0);

    /** The next record's hint, {@link #UNDECODABLE}, or null at the end or at damage. */
    private Hint readRecord() throws IOException {
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
        long start = position;
        position += HintFormat.HEADER_BYTES + length;
        try {
            Hint hint = HintFormat.decodePayload(bytes);
            lastStart = start;
            return hint;
        } catch (EncodingException e) {
            undecodable++;
            return UNDECODABLE;
        }
    }

    /** Where the record of the hint {@link #next} last returned starts: with the file, it names the hint. */
    long lastStart() {
        return lastStart;
    }

    /** Records skipped so far because their payload did not decode. */
    int undecodable() {
        return undecodable;
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
