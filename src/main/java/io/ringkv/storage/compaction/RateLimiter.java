package io.ringkv.storage.compaction;

import io.ringkv.port.Clock;

/** Paces a single writer to a byte rate by parking on the clock; a rate of 0 means unlimited. */
public final class RateLimiter {
    /** Up to this much unused time may be spent as a burst. */
    private static final long BURST_NANOS = 100_000_000L;

    private final Clock clock;
    private final long bytesPerSecond;
    private long nextFreeNanos;

    public RateLimiter(Clock clock, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must not be negative, was " + bytesPerSecond);
        }
        this.clock = clock;
        this.bytesPerSecond = bytesPerSecond;
        this.nextFreeNanos = clock.nanos();
    }

    /** Waits until {@code bytes} more may be written. */
    public void acquire(long bytes) throws InterruptedException {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return;
        }
        long now = clock.nanos();
        long cost = (long) (bytes * 1e9 / bytesPerSecond);
        nextFreeNanos = Math.max(nextFreeNanos, now - BURST_NANOS) + cost;
        long wait = nextFreeNanos - now;
        if (wait > 0) {
            clock.park(wait);
        }
    }
}
