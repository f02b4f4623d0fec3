package io.ringkv.transfer;

import io.ringkv.port.Metrics;
import io.ringkv.replica.ReplicaStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes every object of a key range this node no longer replicates: the storage engine's own
 * deletes of the stored keys, in batches (not client tombstones, which would replicate a deletion).
 * The range's write count moves with each batch, so its cached Merkle tree and size are not reused.
 */
public final class RangeDropper {
    /** Keys deleted per engine write. */
    static final int BATCH_KEYS = 1000;

    private final ReplicaStore store;
    private final Metrics.Counter dropped;

    public RangeDropper(ReplicaStore store, Metrics metrics) {
        this.store = store;
        this.dropped = metrics.counter("ringkv.transfer.dropped.keys");
    }

    /**
     * Deletes every object stored in {@code range}, in one pass in key order (an object written
     * behind the pass while it runs stays: a range is dropped once no node sends it writes).
     *
     * @return the objects deleted
     */
    public long drop(int range) throws IOException {
        long total = 0;
        byte[] after = null;
        while (true) {
            List<byte[]> keys = new ArrayList<>(BATCH_KEYS);
            store.scanStored(range, after, (key, object) -> {
                keys.add(key);
                return keys.size() < BATCH_KEYS;
            });
            if (keys.isEmpty()) {
                return total;
            }
            store.deleteStored(keys);
            dropped.increment(keys.size());
            total += keys.size();
            after = keys.get(keys.size() - 1); // on past the deleted keys, not over their tombstones
        }
    }
}
