package io.ringkv.repair;

import io.ringkv.port.FileIO;
import io.ringkv.storage.CorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Whole small files of anti-entropy's state, through the {@link FileIO} port: read at once, and
 * replaced atomically (written to {@code <name>.tmp}, forced, renamed over {@code <name>}, the
 * directory forced), so a crash leaves the old file or the new one, never a mix.
 */
final class RepairFiles {
    private RepairFiles() {}

    /** The file's bytes, or null when there is none. */
    static byte[] read(FileIO io, Path dir, String name, long maxBytes) throws IOException {
        Path file = dir.resolve(name);
        if (!io.exists(file)) {
            return null;
        }
        try (FileIO.ReadableFile in = io.openForRead(file)) {
            long size = in.size();
            if (size > maxBytes) {
                throw new CorruptionException(file + " is " + size + " bytes, more than " + maxBytes + " at offset 0");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            in.readFully(0, bytes);
            return bytes.array();
        }
    }

    /** Replaces the file with {@code bytes}, durably, before returning. */
    static void write(FileIO io, Path dir, String name, byte[] bytes) throws IOException {
        io.createDirectories(dir);
        Path temporary = dir.resolve(name + ".tmp");
        io.delete(temporary);
        try (FileIO.WritableFile out = io.create(temporary)) {
            out.append(ByteBuffer.wrap(bytes));
            out.force();
        }
        io.rename(temporary, dir.resolve(name));
        io.forceDirectory(dir);
    }

    /** Removes the file, durably. */
    static void delete(FileIO io, Path dir, String name) throws IOException {
        if (io.exists(dir.resolve(name))) {
            io.delete(dir.resolve(name));
            io.forceDirectory(dir);
        }
    }
}
