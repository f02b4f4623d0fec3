package io.ringkv.storage;

import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Reads and atomically replaces the manifest file of a data directory. */
final class ManifestStore {
    static final String FILE = "MANIFEST";
    private static final String TEMP = "MANIFEST.tmp";

    private final FileIO io;
    private final Path dir;

    ManifestStore(FileIO io, Path dir) {
        this.io = io;
        this.dir = dir;
    }

    /** The stored manifest, or an empty one for a new data directory. */
    Manifest read() throws IOException {
        Path file = dir.resolve(FILE);
        if (!io.exists(file)) {
            return Manifest.empty();
        }
        try (FileIO.ReadableFile in = io.openForRead(file)) {
            long size = in.size();
            if (size > Integer.MAX_VALUE) {
                throw new CorruptionException(file + ": manifest of " + size + " bytes is implausible");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            in.readFully(0, bytes);
            return Manifest.decode(bytes.array(), file.toString());
        }
    }

    /** Writes under a temporary name, forces, renames over the old one, forces the directory. */
    void write(Manifest manifest) throws IOException {
        Path temp = dir.resolve(TEMP);
        io.delete(temp);
        try (FileIO.WritableFile out = io.create(temp)) {
            out.append(ByteBuffer.wrap(manifest.encode()));
            out.force();
        }
        io.rename(temp, dir.resolve(FILE));
        io.forceDirectory(dir);
    }
}
