package io.ringkv.ring;

import io.ringkv.kv.EncodingException;
import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The last ring a node adopted, kept in {@code <dir>/ring} in {@link RingCodec}'s checksummed form
 * so that a restarted node serves at once with the ring it had, without waiting for its seeds. It is
 * replaced atomically: written to {@code ring.tmp}, forced, renamed over {@code ring}, and the
 * directory forced, so a crash leaves the old ring or the new one, never a mix.
 */
public final class RingFile {
    static final String NAME = "ring";
    static final String TEMPORARY = "ring.tmp";
    /** Far above any ring of 2^20 partitions and thousands of members. */
    private static final long MAX_BYTES = 64L << 20;

    private final FileIO io;
    private final Path dir;

    public RingFile(FileIO io, Path dir) {
        this.io = io;
        this.dir = dir;
    }

    /** The stored ring, or null when none was stored; a damaged file is an EncodingException. */
    public Ring read() throws IOException, EncodingException {
        Path file = dir.resolve(NAME);
        if (!io.exists(file)) {
            return null;
        }
        try (FileIO.ReadableFile in = io.openForRead(file)) {
            long size = in.size();
            if (size > MAX_BYTES) {
                throw new EncodingException(file + " is " + size + " bytes, more than a ring can be at offset 0");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            in.readFully(0, bytes);
            try {
                return RingCodec.decode(bytes.array());
            } catch (EncodingException e) {
                throw new EncodingException(file + ": " + e.getMessage());
            }
        }
    }

    /** Replaces the stored ring with {@code ring}, durably, before returning. */
    public void write(Ring ring) throws IOException {
        io.createDirectories(dir);
        Path temporary = dir.resolve(TEMPORARY);
        io.delete(temporary);
        try (FileIO.WritableFile out = io.create(temporary)) {
            out.append(ByteBuffer.wrap(RingCodec.encode(ring)));
            out.force();
        }
        io.rename(temporary, dir.resolve(NAME));
        io.forceDirectory(dir);
    }
}
