package io.ringkv.replica;

/**
 * Per partition, the time before which this replica may have purged deletions: every version of the
 * partition written before it is held here already, or was superseded and may be gone. A merge
 * ({@link ReplicaStore#merge}: a hint, a repair, a read repair) drops the incoming versions older
 * than it that this replica does not hold, so a version whose deletion was purged cannot come back.
 */
@FunctionalInterface
public interface PurgeHorizons {
    /** No horizon: nothing was purged. */
    long NONE = Long.MIN_VALUE;

    /** No partition has a horizon. */
    PurgeHorizons NEVER = partition -> NONE;

    /**
     * Wall millis: a version whose timestamp ({@link io.ringkv.kv.Hlc#physicalMillis}) is before
     * this is held here or superseded; {@link #NONE} when there is no such time. Never decreases.
     */
    long horizonMillis(int partition);
}
