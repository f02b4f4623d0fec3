package io.ringkv.sim;

import io.ringkv.port.FileIO;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An in-memory file system that remembers what is durable. File contents are durable up to the
 * last {@code force()}; creations, renames and deletions are durable once their directory was
 * forced. {@link #crash} throws away everything else, the way a power cut would, optionally
 * leaving a torn or zero-filled tail of unforced bytes. Faults can be injected: every operation
 * fails after a given number of mutations ({@link #crashAfter}), or {@code force()} fails on
 * chosen files ({@link #failForce}).
 */
public final class SimFileIO implements FileIO {

    /** What a crash leaves of bytes that were written but not forced. */
    public enum TornTail {
        /** Nothing: only forced bytes survive. */
        NONE,
        /** A random-length prefix of the unforced bytes survives. */
        RANDOM_PREFIX,
        /** The file keeps its length but the unforced bytes read as zeros. */
        ZERO_FILLED
    }

    private static final class Inode {
        byte[] data = new byte[256];
        int length;
        int durableLength;

        void write(ByteBuffer src) {
            int n = src.remaining();
            ensure(length + n);
            src.get(data, length, n);
            length += n;
        }

        void ensure(int capacity) {
            if (capacity > data.length) {
                data = Arrays.copyOf(data, Math.max(capacity, data.length * 2));
            }
        }
    }

    private final Map<Path, Inode> live = new HashMap<>();
    private final Map<Path, Inode> durable = new HashMap<>();
    private final Set<Path> directories = new HashSet<>();
    private long mutations;
    private long crashAfter = Long.MAX_VALUE;
    private boolean crashed;
    private Predicate<Path> failForce = p -> false;
    private long usableSpace = Long.MAX_VALUE / 2;
    private Runnable onPowerCut = () -> {};
    private long tornTails;

    /** After {@code mutations} more mutating operations, every operation fails as if power was cut. */
    public synchronized void crashAfter(long mutations) {
        this.crashAfter = this.mutations + mutations;
    }

    /**
     * Like {@link #crashAfter}, and runs {@code onCut} at the moment the power goes (inside the
     * operation that fails), so that the rest of the machine can stop at that very point: a crash in
     * the middle of a write, between its append and its force.
     */
    public synchronized void powerCutAfter(long mutations, Runnable onCut) {
        crashAfter(mutations);
        this.onPowerCut = onCut;
    }

    /** Takes back a power cut armed by {@link #powerCutAfter} that has not struck yet. */
    public synchronized void disarm() {
        if (!crashed) {
            crashAfter = Long.MAX_VALUE;
            onPowerCut = () -> {};
        }
    }

    /** Files whose unforced tail a crash cut at a random point (a torn tail), over every crash so far. */
    public synchronized long tornTails() {
        return tornTails;
    }

    /** Mutating operations (append, force, create, rename, delete, truncate, directory force) so far. */
    public synchronized long mutations() {
        return mutations;
    }

    public synchronized boolean hasCrashed() {
        return crashed;
    }

    /** Makes {@code force()} fail with an IOException on files matching {@code files}. */
    public synchronized void failForce(Predicate<Path> files) {
        this.failForce = files;
    }

    public synchronized void setUsableSpace(long bytes) {
        this.usableSpace = bytes;
    }

    /**
     * Loses everything not durable, as a power cut would, and lets operations succeed again. The
     * surviving unforced bytes of each file are chosen by {@code tail} with {@code random}.
     */
    public synchronized void crash(TornTail tail, Random random) {
        live.clear();
        live.putAll(durable);
        Set<Inode> seen = new HashSet<>();
        for (Inode inode : live.values()) {
            if (!seen.add(inode)) {
                continue;
            }
            int unforced = inode.length - inode.durableLength;
            switch (tail) {
                case NONE -> inode.length = inode.durableLength;
                case RANDOM_PREFIX -> {
                    int kept = unforced == 0 ? 0 : random.nextInt(unforced + 1);
                    if (kept > 0 && kept < unforced) {
                        tornTails++;
                    }
                    inode.length = inode.durableLength + kept;
                }
                case ZERO_FILLED -> Arrays.fill(inode.data, inode.durableLength, inode.length, (byte) 0);
            }
            inode.durableLength = inode.length;
        }
        crashed = false;
        crashAfter = Long.MAX_VALUE;
        failForce = p -> false;
        onPowerCut = () -> {};
    }

    /** Power cut that keeps only forced bytes. */
    public void crash() {
        crash(TornTail.NONE, new Random(0));
    }

    /** Cuts a file's durable content to {@code length} bytes (to stage a torn write precisely). */
    public synchronized void cutDurable(Path file, int length) {
        Inode inode = durable.get(file);
        if (inode == null || length > inode.length) {
            throw new IllegalArgumentException("cannot cut " + file + " to " + length);
        }
        inode.length = length;
        inode.durableLength = Math.min(inode.durableLength, length);
    }

    /** Overwrites a byte of a file's current content (to stage corruption). */
    public synchronized void flipByte(Path file, long position) {
        Inode inode = live.get(file);
        inode.data[(int) position] ^= (byte) 0x5A;
    }

    /** A file's current length. */
    public synchronized long length(Path file) throws NoSuchFileException {
        return inode(file).length;
    }

    private void mutate(String what) throws IOException {
        check(what);
        if (++mutations > crashAfter) {
            crashed = true;
            Runnable cut = onPowerCut;
            onPowerCut = () -> {};
            cut.run();
            throw new IOException("simulated power cut during " + what);
        }
    }

    private void check(String what) throws IOException {
        if (crashed) {
            throw new IOException("simulated power cut: " + what + " after the crash");
        }
    }

    private Inode inode(Path file) throws NoSuchFileException {
        Inode inode = live.get(file);
        if (inode == null) {
            throw new NoSuchFileException(file.toString());
        }
        return inode;
    }

    private void requireDirectory(Path file) throws NoSuchFileException {
        Path parent = file.getParent();
        if (parent != null && !directories.contains(parent)) {
            throw new NoSuchFileException(parent.toString(), null, "no such directory");
        }
    }

    @Override
    public synchronized WritableFile create(Path file) throws IOException {
        mutate("create " + file);
        requireDirectory(file);
        if (live.containsKey(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Inode inode = new Inode();
        live.put(file, inode);
        return new SimWritableFile(file, inode);
    }

    @Override
    public synchronized WritableFile openForAppend(Path file) throws IOException {
        check("open " + file);
        return new SimWritableFile(file, inode(file));
    }

    @Override
    public synchronized ReadableFile openForRead(Path file) throws IOException {
        check("open " + file);
        return new SimReadableFile(inode(file));
    }

    @Override
    public synchronized List<String> list(Path dir) throws IOException {
        check("list " + dir);
        List<String> names = new ArrayList<>();
        for (Path p : live.keySet()) {
            if (dir.equals(p.getParent())) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public synchronized boolean exists(Path file) throws IOException {
        check("exists " + file);
        return live.containsKey(file);
    }

    @Override
    public synchronized void createDirectories(Path dir) throws IOException {
        check("mkdir " + dir);
        for (Path p = dir; p != null; p = p.getParent()) {
            directories.add(p);
        }
    }

    @Override
    public synchronized void rename(Path source, Path target) throws IOException {
        mutate("rename " + source + " to " + target);
        Inode inode = inode(source);
        requireDirectory(target);
        live.remove(source);
        live.put(target, inode);
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        mutate("delete " + file);
        live.remove(file);
    }

    @Override
    public synchronized void truncate(Path file, long length) throws IOException {
        mutate("truncate " + file);
        Inode inode = inode(file);
        if (length < inode.length) {
            inode.length = (int) length;
        }
        inode.durableLength = Math.min(inode.durableLength, inode.length);
        if (durable.get(file) == inode) {
            inode.durableLength = inode.length;
        }
    }

    @Override
    public synchronized void forceDirectory(Path dir) throws IOException {
        mutate("force directory " + dir);
        durable.keySet().removeIf(p -> dir.equals(p.getParent()) && live.get(p) != durable.get(p));
        for (Map.Entry<Path, Inode> e : live.entrySet()) {
            if (dir.equals(e.getKey().getParent())) {
                durable.put(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public synchronized long usableSpace(Path dir) {
        return usableSpace;
    }

    private final class SimWritableFile implements WritableFile {
        private final Path path;
        private final Inode inode;
        private boolean closed;

        SimWritableFile(Path path, Inode inode) {
            this.path = path;
            this.inode = inode;
        }

        @Override
        public void append(ByteBuffer src) throws IOException {
            synchronized (SimFileIO.this) {
                ensureOpen();
                mutate("append to " + path);
                inode.write(src);
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (SimFileIO.this) {
                ensureOpen();
                mutate("force " + path);
                if (failForce.test(path)) {
                    throw new IOException("simulated fsync failure on " + path);
                }
                inode.durableLength = inode.length;
            }
        }

        @Override
        public long size() {
            synchronized (SimFileIO.this) {
                return inode.length;
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException(path + " is closed");
            }
        }
    }

    private final class SimReadableFile implements ReadableFile {
        private final Inode inode;

        SimReadableFile(Inode inode) {
            this.inode = inode;
        }

        @Override
        public void readFully(long position, ByteBuffer dst) throws IOException {
            synchronized (SimFileIO.this) {
                check("read");
                int n = dst.remaining();
                if (position < 0 || position + n > inode.length) {
                    throw new EOFException("read of " + n + " bytes at " + position + " past end " + inode.length);
                }
                dst.put(inode.data, (int) position, n);
            }
        }

        @Override
        public long size() {
            synchronized (SimFileIO.this) {
                return inode.length;
            }
        }

        @Override
        public void close() {}
    }
}
