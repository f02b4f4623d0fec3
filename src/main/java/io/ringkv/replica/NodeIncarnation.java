package io.ringkv.replica;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * Which life of a node's data directory this is: the name its dots carry is {@code <node id>~<incarnation>}.
 * A node that may have lost writes it acknowledged (it stopped without a clean shutdown, or its data
 * directory is new or was replaced) starts a new incarnation, a random one, so that its dot counters
 * start afresh under a name nobody has seen and it never issues a dot another replica holds for
 * another write. A clean shutdown keeps the incarnation, so the actors in a key's context grow only
 * with unclean stops, new directories and {@link #renew renewals}: a node renews its incarnation
 * before it deletes what it stores of a key range it no longer replicates, because if the range
 * comes back to it later, it comes from replicas that may lack some of this node's own dots.
 *
 * <p>Kept in {@code <dir>/incarnation}: {@code u8 version=1, u8 state (1 running, 2 stopped
 * cleanly), u16 length, UTF-8 incarnation, u32 CRC32C}, replaced atomically (temporary file, force,
 * rename, directory force). A damaged file starts a new incarnation.
 */
public final class NodeIncarnation {
    static final String NAME = "incarnation";
    static final String TEMPORARY = "incarnation.tmp";
    /** Separates the node id from the incarnation in an actor name; never part of an incarnation. */
    public static final char SEPARATOR = '~';

    private static final int FORMAT_VERSION = 1;
    private static final int RUNNING = 1;
    private static final int STOPPED_CLEANLY = 2;
    private static final int MAX_BYTES = 1024;

    private final FileIO io;
    private final Path dir;
    private final String nodeId;
    private final RandomGenerator random;
    private volatile String incarnation;
    private final boolean renewed;

    private NodeIncarnation(
            FileIO io, Path dir, String nodeId, RandomGenerator random, String incarnation, boolean renewed) {
        this.io = io;
        this.dir = dir;
        this.nodeId = nodeId;
        this.random = random;
        this.incarnation = incarnation;
        this.renewed = renewed;
    }

    /**
     * Starts the node's life on {@code dir}: keeps the stored incarnation if the last stop was clean,
     * else draws a new one from {@code random}; either way records (durably, before returning) that
     * the node is running, so that a crash from now on starts a new incarnation.
     */
    public static NodeIncarnation start(FileIO io, Path dir, String nodeId, RandomGenerator random) throws IOException {
        String kept = cleanlyStopped(io, dir);
        boolean renewed = kept == null;
        String incarnation = renewed ? draw(random) : kept;
        NodeIncarnation started = new NodeIncarnation(io, dir, nodeId, random, incarnation, renewed);
        started.record(RUNNING);
        return started;
    }

    /** The name of the dots this node issues in this incarnation. */
    public String actor() {
        return nodeId + SEPARATOR + incarnation;
    }

    /**
     * Begins a new incarnation while the node runs, recorded durably before it returns: from now on
     * this node's dots carry the new name, under which no dot was ever issued.
     *
     * @return the new actor name
     */
    public synchronized String renew() throws IOException {
        String previous = incarnation;
        incarnation = draw(random);
        try {
            record(RUNNING);
        } catch (IOException e) {
            incarnation = previous;
            throw e;
        }
        return actor();
    }

    /** Whether this start began a new incarnation (rather than keeping the one a clean stop left). */
    public boolean renewed() {
        return renewed;
    }

    /**
     * Records that the node stopped cleanly: call once every write it acknowledged is durable (the
     * storage engine closed without an error), and issue no dot after it.
     */
    public synchronized void stoppedCleanly() throws IOException {
        record(STOPPED_CLEANLY);
    }

    /** The incarnation a clean stop left, or null when there is none (no file, a crash, damage). */
    private static String cleanlyStopped(FileIO io, Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!io.exists(file)) {
            return null;
        }
        byte[] bytes;
        try (FileIO.ReadableFile in = io.openForRead(file)) {
            long size = in.size();
            if (size > MAX_BYTES) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            in.readFully(0, buffer);
            bytes = buffer.array();
        }
        try {
            ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "incarnation");
            int state = in.u8("state");
            String incarnation = in.shortString("incarnation");
            in.end();
            return state == STOPPED_CLEANLY && valid(incarnation) ? incarnation : null;
        } catch (EncodingException e) {
            return null;
        }
    }

    private static boolean valid(String incarnation) {
        return !incarnation.isEmpty() && incarnation.indexOf(SEPARATOR) < 0;
    }

    /** 64 random bits, in base 36. */
    private static String draw(RandomGenerator random) {
        return Long.toUnsignedString(random.nextLong(), Character.MAX_RADIX);
    }

    private void record(int state) throws IOException {
        ByteWriter out = new ByteWriter(32);
        out.u8(FORMAT_VERSION);
        out.u8(state);
        out.shortString(incarnation, "incarnation");
        out.crc32c();
        io.createDirectories(dir);
        Path temporary = dir.resolve(TEMPORARY);
        io.delete(temporary);
        try (FileIO.WritableFile file = io.create(temporary)) {
            file.append(ByteBuffer.wrap(out.toByteArray()));
            file.force();
        }
        io.rename(temporary, dir.resolve(NAME));
        io.forceDirectory(dir);
    }
}
