package io.ringkv.repair;

import io.ringkv.port.Clock;

/**
 * Spaces messages so that, together, they send at most {@code bytesPerSecond}: each message is
 * given the time its bytes take at that rate, after the messages before it. 0 means no limit.
 */
final class Pacer {
    private final Clock clock;
    private final long bytesPerSecond;
    private long nextFreeNanos;

    Pacer(Clock clock, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytes per second must not be negative: " + bytesPerSecond);
        }
        this.clock = clock;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Reserves the time for {@code bytes}; answers how long to wait before sending them. */
    synchronized long reserve(long bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.nanos();
        if (nextFreeNanos - now < 0) {
            nextFreeNanos = now;
        }
        long wait = nextFreeNanos - now;
        nextFreeNanos += (long) (bytes * 1e9 / bytesPerSecond);
        return wait;
    }
}
