package io.ringkv.protocol;

/**
 * The shape of a partition's Merkle tree as anti-entropy messages address it: {@link #LEAVES}
 * leaves under {@link #LEVELS} levels of {@link #FANOUT} children each. Both replicas of an exchange
 * must agree on it, so it is part of the wire protocol ({@link RepairCodec} checks indexes against
 * it) as much as of the tree ({@code io.ringkv.repair.MerkleTree}).
 */
public final class TreeShape {
    /** Leaves per partition: the finest grain two replicas compare before listing keys. */
    public static final int LEAVES = 1024;
    /** Children of an inner node. */
    public static final int FANOUT = 32;
    /** Levels from the root (0) down to the leaves ({@code LEVELS - 1}). */
    public static final int LEVELS = 3;

    private TreeShape() {}

    /** The number of nodes at {@code level}: 1 at the root, {@link #LEAVES} at the leaves. */
    public static int width(int level) {
        checkLevel(level);
        int width = 1;
        for (int i = 0; i < level; i++) {
            width *= FANOUT;
        }
        return width;
    }

    /** @throws IllegalArgumentException when {@code level} is not 0 to {@code LEVELS - 1} */
    public static void checkLevel(int level) {
        if (level < 0 || level >= LEVELS) {
            throw new IllegalArgumentException("level must be 0 to " + (LEVELS - 1) + ", not " + level);
        }
    }
}
