package io.ringkv.repair;

import io.ringkv.protocol.TreeShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The digest of one partition's keys at one replica: {@link #LEAVES} leaves, each covering an equal
 * slice of the partition's hash space, and two levels of inner nodes above them ({@link #FANOUT}
 * children each) up to the root. Two replicas whose trees were built over the same keys with the
 * same versions have equal roots; where they differ, only the branches above a differing leaf
 * differ, so an exchange descends into those alone.
 *
 * <p>A leaf's hash is the sum (mod 2<sup>64</sup>) of its entries' hashes, an entry being a key and
 * the hash of its versions: the order keys are met in does not matter, and an entry can be added or
 * taken out in O(1). An inner node's hash mixes its children's in order. Immutable once built.
 */
public final class MerkleTree {
    /** Leaves per partition: the finest grain two replicas compare before listing keys. */
    public static final int LEAVES = TreeShape.LEAVES;
    /** Children of an inner node. */
    public static final int FANOUT = TreeShape.FANOUT;
    /** Levels from the root (0) down to the leaves ({@code LEVELS - 1}). */
    public static final int LEVELS = TreeShape.LEVELS;

    private static final int LEAF_BITS = Integer.numberOfTrailingZeros(LEAVES);

    private final long[][] levels;
    private final long keys;

    private MerkleTree(long[] leaves, long keys) {
        this.keys = keys;
        levels = new long[LEVELS][];
        levels[LEVELS - 1] = leaves;
        for (int level = LEVELS - 2; level >= 0; level--) {
            long[] below = levels[level + 1];
            long[] nodes = new long[below.length / FANOUT];
            for (int i = 0; i < nodes.length; i++) {
                long h = 0x2545F4914F6CDD1DL ^ level;
                for (int c = 0; c < FANOUT; c++) {
                    h = mix(h * 0x9E3779B97F4A7C15L + below[i * FANOUT + c]);
                }
                nodes[i] = h;
            }
            levels[level] = nodes;
        }
    }

    /** The tree of the given leaf hashes (as {@link #leaves} gave them) over {@code keys} keys. */
    static MerkleTree ofLeaves(long[] leaves, long keys) {
        if (leaves.length != LEAVES || keys < 0) {
            throw new IllegalArgumentException("a tree has " + LEAVES + " leaves and no negative key count");
        }
        return new MerkleTree(leaves.clone(), keys);
    }

    /** A copy of the leaf hashes. */
    long[] leaves() {
        return levels[LEVELS - 1].clone();
    }

    /** A tree over no keys. */
    public static MerkleTree empty() {
        return new Builder(0).build();
    }

    /** The number of nodes at {@code level}: 1 at the root, {@link #LEAVES} at the leaves. */
    public static int width(int level) {
        return TreeShape.width(level);
    }

    /**
     * The leaf of a key: the {@code log2(LEAVES)} bits of its 64-bit hash just below the bits that
     * choose its partition, so each leaf is one contiguous slice of the partition's hash range.
     *
     * @param partitionBits log2 of the number of partitions
     */
    public static int leafOf(long keyHash, int partitionBits) {
        return (int) ((keyHash << partitionBits) >>> (64 - LEAF_BITS));
    }

    /** The hash of one entry: a key (by its 64-bit hash) with the hash of its versions. */
    public static long entryHash(long keyHash, long versionHash) {
        return mix(keyHash ^ mix(versionHash + 0x632BE59BD9B4E019L));
    }

    public long root() {
        return levels[0][0];
    }

    /** The hash of node {@code index} at {@code level}. */
    public long node(int level, int index) {
        checkLevel(level);
        return levels[level][index];
    }

    /** The hashes of the given nodes of {@code level}, in the same order. */
    public long[] nodes(int level, int[] indexes) {
        checkLevel(level);
        long[] out = new long[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            out[i] = levels[level][indexes[i]];
        }
        return out;
    }

    /** How many keys the tree covers. */
    public long keys() {
        return keys;
    }

    /** The leaves whose hashes differ from {@code other}'s, ascending. */
    public List<Integer> differingLeaves(MerkleTree other) {
        List<Integer> out = new ArrayList<>();
        long[] mine = levels[LEVELS - 1];
        long[] theirs = other.levels[LEVELS - 1];
        for (int i = 0; i < LEAVES; i++) {
            if (mine[i] != theirs[i]) {
                out.add(i);
            }
        }
        return out;
    }

    /** The children (at {@code level + 1}) of the given nodes of {@code level}, ascending. */
    public static int[] children(int level, int[] indexes) {
        if (level < 0 || level >= LEVELS - 1) {
            throw new IllegalArgumentException("level " + level + " has no children");
        }
        int[] out = new int[indexes.length * FANOUT];
        int[] sorted = indexes.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            for (int c = 0; c < FANOUT; c++) {
                out[i * FANOUT + c] = sorted[i] * FANOUT + c;
            }
        }
        return out;
    }

    private static void checkLevel(int level) {
        TreeShape.checkLevel(level);
    }

    /** The finaliser of SplitMix64: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Collects entries; not thread-safe. */
    public static final class Builder {
        private final int partitionBits;
        private final long[] leaves = new long[LEAVES];
        private long keys;

        /** @param partitionBits log2 of the number of partitions (see {@link #leafOf}) */
        public Builder(int partitionBits) {
            if (partitionBits < 0 || partitionBits > 16) {
                throw new IllegalArgumentException("partition bits must be 0 to 16: " + partitionBits);
            }
            this.partitionBits = partitionBits;
        }

        /** Adds a key (by its 64-bit hash) with the hash of its versions. */
        public Builder add(long keyHash, long versionHash) {
            leaves[leafOf(keyHash, partitionBits)] += entryHash(keyHash, versionHash);
            keys++;
            return this;
        }

        /** Takes out an entry added before (the same key and version hash). */
        public Builder remove(long keyHash, long versionHash) {
            leaves[leafOf(keyHash, partitionBits)] -= entryHash(keyHash, versionHash);
            keys--;
            return this;
        }

        public MerkleTree build() {
            return new MerkleTree(leaves.clone(), keys);
        }
    }
}
