package io.ringkv.kv;

import io.ringkv.port.Clock;

/**
 * A hybrid logical clock: timestamps that follow wall-clock milliseconds, never go backwards on one
 * node, and move past every timestamp the node has observed. A timestamp is {@code millis << 16 |
 * logical}.
 */
public final class Hlc {
    public static final int LOGICAL_BITS = 16;

    public Hlc(Clock clock) {
        throw new UnsupportedOperationException();
    }

    /** A timestamp for a local event, greater than every one this clock gave or observed. */
    public synchronized long now() {
        throw new UnsupportedOperationException();
    }

    /** Takes in a timestamp from another node, so later local timestamps are greater. */
    public synchronized void observe(long remoteTimestamp) {
        throw new UnsupportedOperationException();
    }

    public static long physicalMillis(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }

    public static int logical(long timestamp) {
        return (int) (timestamp & ((1L << LOGICAL_BITS) - 1));
    }
}
