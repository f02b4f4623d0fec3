package io.ringkv.transfer;

import io.ringkv.port.Clock;
import io.ringkv.replica.ReplicaStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What this node holds of each key range: stored objects and their bytes, counted by a scan of the
 * range's keys (objects are not decoded). A count is reused while the range has had no write since,
 * or, with writes, while it is younger than the maximum age: a plan's estimates need no more.
 * Thread-safe.
 */
public final class RangeSizes {
    private final ReplicaStore store;
    private final Clock clock;
    private final long maxAgeNanos;
    private final Counted[] counted;

    private record Counted(RangeSize size, long writes, long atNanos) {}

    /** @param maxAgeNanos how long a count of a range with writes since is reused */
    public RangeSizes(ReplicaStore store, Clock clock, long maxAgeNanos) {
        this.store = store;
        this.clock = clock;
        this.maxAgeNanos = maxAgeNanos;
        this.counted = new Counted[store.partitioner().partitions()];
    }

    /** What this node holds of {@code range}. */
    public RangeSize size(int range) throws IOException {
        long writes = store.partitionWrites(range);
        long now = clock.nanos();
        Counted c;
        synchronized (this) {
            c = counted[range];
        }
        if (c != null && (c.writes == writes || now - c.atNanos <= maxAgeNanos)) {
            return c.size;
        }
        long[] totals = {0, 0};
        store.scanStored(range, null, (key, object) -> {
            totals[0]++;
            totals[1] += key.length + (long) object.length;
            return true;
        });
        RangeSize size = new RangeSize(range, totals[0], totals[1]);
        synchronized (this) {
            counted[range] = new Counted(size, writes, now);
        }
        return size;
    }

    /** Every range this node holds something of, in range order. */
    public List<RangeSize> all() throws IOException {
        List<RangeSize> sizes = new ArrayList<>();
        for (int r = 0; r < counted.length; r++) {
            RangeSize s = size(r);
            if (s.objects() > 0) {
                sizes.add(s);
            }
        }
        return sizes;
    }
}
