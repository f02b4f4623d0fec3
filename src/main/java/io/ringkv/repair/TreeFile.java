package io.ringkv.repair;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import io.ringkv.port.FileIO;
import io.ringkv.protocol.RepairScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The partition trees a node had when it stopped, so that a restart does not scan every partition
 * again at once. {@code <dir>/merkle-trees}, written when the node stops (after the storage engine
 * has been flushed), together with the storage engine's last write sequence number at that moment:
 *
 * <pre>
 *   u8 version=1, u8 kind=2, i64 engine sequence, varint count,
 *   count × (u16 partition, u8 min-n, str bucket, i64 built millis, i64 purge boundary millis,
 *            varint keys, 1024 × i64 leaf hash),
 *   u32 CRC32C of everything before it
 * </pre>
 *
 * <p>A saved tree is only as good as the data it was built from, so the file is used only when the
 * engine's last sequence number after opening equals the saved one: no write has reached the engine
 * since the trees were saved — none after the save, none replayed from the commit log after an
 * unclean stop. Otherwise (and when the file is damaged) no tree is loaded and each partition is
 * scanned when it is next exchanged. The file is removed once read, so it is used at most once.
 */
public final class TreeFile {
    static final String NAME = "merkle-trees";
    private static final int VERSION = 1;
    private static final int KIND = 2;
    private static final long MAX_BYTES = 1L << 30;
    private static final System.Logger LOG = System.getLogger(TreeFile.class.getName());

    private final FileIO io;
    private final Path dir;

    public TreeFile(FileIO io, Path dir) {
        this.io = io;
        this.dir = dir;
    }

    /** One saved tree. */
    record Saved(RepairScope scope, long builtMillis, long purgeBoundary, MerkleTree tree) {}

    /** Saves the current trees of {@code digests}, stamped with the engine's last sequence number. */
    public int save(PartitionDigests digests, long engineSequence) throws IOException {
        List<Saved> trees = digests.currentTrees();
        ByteWriter out = new ByteWriter(64 + trees.size() * (MerkleTree.LEAVES * 8 + 64));
        out.u8(VERSION);
        out.u8(KIND);
        out.i64(engineSequence);
        out.varint(trees.size());
        for (Saved t : trees) {
            out.u16(t.scope().partition());
            out.u8(t.scope().minN());
            out.shortString(t.scope().bucket(), "bucket");
            out.i64(t.builtMillis());
            out.i64(t.purgeBoundary());
            out.varint(t.tree().keys());
            for (long leaf : t.tree().leaves()) {
                out.i64(leaf);
            }
        }
        out.crc32c();
        RepairFiles.write(io, dir, NAME, out.toByteArray());
        return trees.size();
    }

    /**
     * Gives {@code digests} the saved trees, when no write has reached the engine since they were
     * saved; removes the file either way.
     *
     * @param engineSequence the engine's last sequence number, read after {@code digests} noted its
     *     partitions' write counts (so a write racing the load invalidates what it touches)
     * @return the trees loaded (0 when the file is absent, stale or damaged)
     */
    public int load(PartitionDigests digests, LongSupplier engineSequence) throws IOException {
        byte[] bytes = RepairFiles.read(io, dir, NAME, MAX_BYTES);
        if (bytes == null) {
            return 0;
        }
        try {
            long[] writes = digests.writeCounts();
            long sequence = engineSequence.getAsLong();
            ByteReader in = ByteReader.framed(bytes, VERSION, NAME);
            int kind = in.u8("kind");
            if (kind != KIND) {
                throw in.error("kind " + kind + " is not a tree file", 1);
            }
            long saved = in.i64("engine sequence");
            if (saved != sequence) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "saved Merkle trees not used: the storage engine was written since they were saved (sequence "
                                + saved + ", now " + sequence + ")");
                return 0;
            }
            int count = in.count("count", 2 + 1 + 2 + 8 + 8 + 1 + MerkleTree.LEAVES * 8);
            List<Saved> trees = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int partition = in.u16("partition");
                int minN = in.u8("min-n");
                String bucket = in.shortString("bucket");
                long built = in.i64("built millis");
                long boundary = in.i64("purge boundary");
                long keys = in.varint("keys");
                long[] leaves = new long[MerkleTree.LEAVES];
                for (int l = 0; l < leaves.length; l++) {
                    leaves[l] = in.i64("leaf hash");
                }
                RepairScope scope;
                try {
                    scope = new RepairScope(partition, minN, bucket);
                } catch (IllegalArgumentException e) {
                    throw in.error("tree " + i + ": " + e.getMessage(), in.offset());
                }
                trees.add(new Saved(scope, built, boundary, MerkleTree.ofLeaves(leaves, keys)));
            }
            in.end();
            return digests.restore(trees, writes);
        } catch (EncodingException | IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "saved Merkle trees not used: " + dir.resolve(NAME) + ": " + e.getMessage());
            return 0;
        } finally {
            RepairFiles.delete(io, dir, NAME);
        }
    }
}
