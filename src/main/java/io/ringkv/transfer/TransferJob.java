package io.ringkv.transfer;

import java.util.List;

/**
 * One range this node receives in a ring transition.
 *
 * @param startVersion the ring version the transition was committed at
 * @param range the key range (storage partition)
 * @param sources the nodes to pull it from, in order: the one previous owner of the slot, or, to
 *     rebuild a range whose previous owner is gone, every other previous replica (the union is
 *     merged)
 * @param rebuild whether the sources are the other previous replicas (a source that keeps failing
 *     is passed over) rather than the slot's one previous owner (retried until it answers)
 */
public record TransferJob(long startVersion, int range, List<String> sources, boolean rebuild) {
    public TransferJob {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a transfer of range " + range + " needs a source");
        }
    }

    /** The operation id of this transfer: one per transition and range. */
    public String id() {
        return "transfer-" + startVersion + "-" + range;
    }
}
