package io.ringkv.coordinator;

import java.util.function.DoubleSupplier;

/**
 * How many of a key's N replicas a read asks. Asking every replica (Riak's way) repairs every
 * stale replica a read meets but costs N - R calls that the answer never waits for; asking R (as
 * Cassandra does) costs only what the answer needs, with a speculative retry: the next replica is
 * asked when one fails, or when the R have not all answered after a delay. A chance of the reads
 * still asks all N, so read repair keeps reaching the replicas outside the first R.
 */
public final class ReadFanout {
    /** The default delay before a read asks one more replica. */
    public static final long DEFAULT_SPECULATE_AFTER_NANOS = 20_000_000L;
    /** The default share of reads that ask every replica. */
    public static final double DEFAULT_REPAIR_CHANCE = 0.1;

    private final boolean everyReplica;
    private final long speculateAfterNanos;
    private final double repairChance;
    private final DoubleSupplier random;

    private ReadFanout(boolean everyReplica, long speculateAfterNanos, double repairChance, DoubleSupplier random) {
        this.everyReplica = everyReplica;
        this.speculateAfterNanos = speculateAfterNanos;
        this.repairChance = repairChance;
        this.random = random;
    }

    /** Every read asks all N replicas. */
    public static ReadFanout everyReplica() {
        return new ReadFanout(true, 0, 1.0, () -> 0.0);
    }

    /**
     * Reads ask R replicas, one more after {@code speculateAfterNanos} (none when 0) or at each
     * failure, and all N with {@code repairChance}.
     *
     * @param random uniform in [0, 1), drawn once per read
     * @throws IllegalArgumentException when the delay is negative or the chance outside [0, 1]
     */
    public static ReadFanout quorum(long speculateAfterNanos, double repairChance, DoubleSupplier random) {
        if (speculateAfterNanos < 0) {
            throw new IllegalArgumentException("the speculative retry delay must not be negative");
        }
        if (!(repairChance >= 0.0 && repairChance <= 1.0)) {
            throw new IllegalArgumentException("the read repair chance must be between 0 and 1, was " + repairChance);
        }
        return new ReadFanout(false, speculateAfterNanos, repairChance, random);
    }

    /** How many of {@code n} replicas a read that waits for {@code r} asks first. */
    int firstAsks(int r, int n) {
        if (everyReplica || r >= n || (repairChance > 0 && random.getAsDouble() < repairChance)) {
            return n;
        }
        return r;
    }

    /** The delay before one more replica is asked; 0 for none. */
    long speculateAfterNanos() {
        return everyReplica ? 0 : speculateAfterNanos;
    }
}
