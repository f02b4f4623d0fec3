package io.ringkv.coordinator;

import java.util.List;

/**
 * No replica of a partition answered a key listing: the page cannot be made without leaving that
 * partition's keys out. The message names the partition and why each replica asked did not answer.
 */
public final class PartitionUnavailableException extends Exception {
    private final int partition;
    private final List<ReplicaFailure> failures;

    public PartitionUnavailableException(int partition, List<ReplicaFailure> failures) {
        super("no replica of partition " + partition + " answered the key listing"
                + (failures.isEmpty() ? " (it has none)" : "; " + failures));
        this.partition = partition;
        this.failures = List.copyOf(failures);
    }

    public int partition() {
        return partition;
    }

    public List<ReplicaFailure> failures() {
        return failures;
    }
}
