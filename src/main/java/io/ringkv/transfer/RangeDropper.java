package io.ringkv.transfer;

import io.ringkv.port.Metrics;
import io.ringkv.replica.ReplicaStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes every object of a key range this node no longer replicates: the storage engine's own
 * deletes of the stored keys, in batches (not client tombstones, which would replicate a deletion).
 * The range's write count moves with each batch, so its cached Merkle tree and size are not reused.
 *
 * <p>Before it deletes anything it has the node renew the name of its dots ({@link
 * io.ringkv.replica.NodeIncarnation#renew}): the node loses the history of its own dots in the
 * range, and should the range come back to it, it would come from replicas that may lack some of
 * them; a dot issued again under the old name would make merges drop the write that had it.
 */
public final class RangeDropper {
    /** Keys deleted per engine write. */
    static final int BATCH_KEYS = 1000;

    /** Gives the node's dots a name never used before; durable when it returns. */
    @FunctionalInterface
    public interface ActorRenewal {
        void renew() throws IOException;
    }

    private final ReplicaStore store;
    private final ActorRenewal renewal;
    private final Metrics.Counter dropped;

    public RangeDropper(ReplicaStore store, Metrics metrics, ActorRenewal renewal) {
        this.store = store;
        this.renewal = renewal;
        this.dropped = metrics.counter("ringkv.transfer.dropped.keys");
    }

    /**
     * Drops every range of {@code ranges} that holds an object, renewing the node's actor once
     * before the first deletion (not at all when none holds anything).
     *
     * @return the objects deleted, per range that held any
     */
    public Map<Integer, Long> dropAll(List<Integer> ranges) throws IOException {
        List<Integer> holding = new ArrayList<>();
        for (int range : ranges) {
            boolean[] any = {false};
            store.scanStored(range, null, (key, object) -> {
                any[0] = true;
                return false;
            });
            if (any[0]) {
                holding.add(range);
            }
        }
        Map<Integer, Long> deleted = new LinkedHashMap<>();
        if (holding.isEmpty()) {
            return deleted;
        }
        renewal.renew();
        for (int range : holding) {
            deleted.put(range, deleteAll(range));
        }
        return deleted;
    }

    /**
     * Deletes every object stored in {@code range}, in one pass in key order (an object written
     * behind the pass while it runs stays: a range is dropped once no node sends it writes), after
     * renewing the node's actor if it holds any.
     *
     * @return the objects deleted
     */
    public long drop(int range) throws IOException {
        return dropAll(List.of(range)).getOrDefault(range, 0L);
    }

    private long deleteAll(int range) throws IOException {
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
