package io.ringkv.port;

import io.ringkv.kv.WallClock;

/**
 * Time as the core sees it: a monotonic clock for measuring intervals, a wall clock for timestamps
 * that leave the node, and a way to let time pass.
 */
public interface Clock extends WallClock {

    /** Monotonic nanoseconds, only meaningful as a difference between two readings. */
    long nanos();

    /** Wall-clock milliseconds since the epoch; may jump and may differ between nodes. */
    @Override
    long millis();

    /** Lets {@code nanos} pass: the production clock parks the thread, a simulated one advances. */
    void park(long nanos) throws InterruptedException;
}
