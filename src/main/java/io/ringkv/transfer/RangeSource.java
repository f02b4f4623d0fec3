package io.ringkv.transfer;

import io.ringkv.replica.ReplicaStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source side of a range stream: answers a {@link RangeChunkRequest} from this node's store,
 * the range's stored objects after the asked key, in key order, until the budget is reached (at
 * least one object, however large). Reads only; objects written during a stream may or may not be
 * in it (the receiver gets those writes as a pending replica).
 */
public final class RangeSource {
    private final ReplicaStore store;
    private final RangeSizes sizes;
    private final int maxChunkBytes;

    /**
     * @param sizes the estimate given with a range's first chunk
     * @param maxChunkBytes the largest budget answered, whatever a request asks for
     */
    /** The sizes of this node's ranges, as estimated for transfers and plans. */
    public RangeSizes sizes() {
        return sizes;
    }

    public RangeSource(ReplicaStore store, RangeSizes sizes, int maxChunkBytes) {
        if (maxChunkBytes < 1) {
            throw new IllegalArgumentException("maxChunkBytes must be positive: " + maxChunkBytes);
        }
        this.store = store;
        this.sizes = sizes;
        this.maxChunkBytes = maxChunkBytes;
    }

    /**
     * The chunk {@code request} asks for.
     *
     * @throws IllegalArgumentException when the range is not one of this ring's
     */
    public RangeChunk read(RangeChunkRequest request) throws IOException {
        int partitions = store.partitioner().partitions();
        if (request.range() >= partitions) {
            throw new IllegalArgumentException(
                    "range " + request.range() + " is not one of this ring's " + partitions + " partitions");
        }
        long budget = Math.min(request.maxBytes(), maxChunkBytes);
        List<RangeChunk.Entry> entries = new ArrayList<>();
        long[] bytes = {0};
        boolean[] more = {false};
        store.scanStored(request.range(), request.after(), (key, object) -> {
            long size = key.length + (long) object.length;
            if (!entries.isEmpty() && bytes[0] + size > budget) {
                more[0] = true;
                return false;
            }
            entries.add(new RangeChunk.Entry(key, object));
            bytes[0] += size;
            return true;
        });
        long estimate = request.after() == null ? sizes.size(request.range()).bytes() : 0;
        return new RangeChunk(request.range(), estimate, entries, more[0]);
    }
}
