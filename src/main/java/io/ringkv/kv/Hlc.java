package io.ringkv.kv;

/**
 * A hybrid logical clock: timestamps that follow wall-clock milliseconds, never go backwards on one
 * node, and move past every timestamp the node has observed. A timestamp is {@code millis << 16 |
 * logical}.
 *
 * <p>When more than 2^16 timestamps are issued within one wall-clock millisecond (or while the wall
 * clock lags behind an observed timestamp), the logical part carries into the millisecond part: the
 * timestamp then runs slightly ahead of the wall clock but stays strictly increasing.
 */
public final class Hlc {
    public static final int LOGICAL_BITS = 16;

    private final WallClock clock;
    private long last = Long.MIN_VALUE;

    public Hlc(WallClock clock) {
        this.clock = clock;
    }

    /** A timestamp for a local event, greater than every one this clock gave or observed. */
    public synchronized long now() {
        long wall = clock.millis() << LOGICAL_BITS;
        // A wall clock that stands still or steps back must not make timestamps repeat or go back.
        last = wall > last ? wall : last + 1;
        return last;
    }

    /** Takes in a timestamp from another node, so later local timestamps are greater. */
    public synchronized void observe(long remoteTimestamp) {
        last = Math.max(last, remoteTimestamp);
    }

    public static long physicalMillis(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }

    public static int logical(long timestamp) {
        return (int) (timestamp & ((1L << LOGICAL_BITS) - 1));
    }
}
